package sample

import org.apache.spark.sql.SparkSession
import org.hequant.spark.{EvaluateJob, EvaluationSettings}

/** The evaluator from an sbt build: the bundled demo model over the first images of the bundled Fashion-MNIST
  * sample, private inference on local Spark, as `./hequant evaluate` does with no options. */
object EvaluateSample {
  def main(args: Array[String]): Unit = {
    val settings = EvaluationSettings
      .builder("models/demo/fashion-mnist-w4a4.hqm", "idx:models/demo/fashion-mnist-sample")
      .limit(4)
      .out("tools/sbt-sample/target/evaluate")
      .build()
    val spark = SparkSession.builder().master("local[2]").appName("hequant sbt sample").getOrCreate()
    try {
      val summary = EvaluateJob.run(spark, settings).summary()
      println(s"accuracy = ${summary.accuracy}, agreement = ${summary.agreement}, images = ${summary.images}")
    } finally spark.stop()
  }
}
