package org.hequant.report;

import java.nio.file.Path;
import java.util.List;
import org.hequant.engine.NetworkProfile;

/** The LAN and WAN profiles of {@code conf/network-profiles.properties} (the launcher names conf/), else defaults. */
public final class NetworkProfiles {
    private NetworkProfiles() {
    }

    public static List<NetworkProfile> lanAndWan() {
        String conf = System.getProperty("hequant.conf");
        Path file = conf == null ? null : Path.of(conf, "network-profiles.properties");
        return List.of(NetworkProfile.load(file, NetworkProfile.LAN), NetworkProfile.load(file, NetworkProfile.WAN));
    }
}
