package org.hequant.protocols.ot.iknp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hequant.protocols.channel.Party;
import org.hequant.protocols.ot.OtExtensionContract;
import org.hequant.protocols.ot.OtSession;
import org.hequant.protocols.ot.base.ChouOrlandiBaseOt;
import org.junit.jupiter.api.Test;

class IknpOtExtensionTest extends OtExtensionContract {
    @Override
    protected OtSession connect() throws Exception {
        return OtSession.iknp();
    }

    @Override
    protected String choiceLabel() {
        return IknpOtExtension.LABEL_MATRIX;
    }

    @Override
    protected long choiceBytes(long n) {
        return 16L * n;
    }

    @Override
    protected long randomChoiceBytes(long n) {
        return 16L * n;
    }

    @Test
    void baseOtTrafficIsOnePointEachWayPerOt() {
        assertEquals(ChouOrlandiBaseOt.POINT_BYTES, sent(Party.CLIENT, ChouOrlandiBaseOt.LABEL));
        assertEquals(128L * ChouOrlandiBaseOt.POINT_BYTES, sent(Party.SERVER, ChouOrlandiBaseOt.LABEL));
    }

    @Test
    void onlyTheReceiverSendsTheMatrix() throws Exception {
        session.run(s -> s.correlated(1000), rc -> rc.correlated(choices(1000)));
        assertEquals(0, sent(Party.SERVER, IknpOtExtension.LABEL_MATRIX));
    }
}
