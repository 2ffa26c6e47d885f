// A downstream sbt build of the hequant evaluator: the modules as `mvn install` puts them in ~/.m2.
// tools/sbt-sample/run.sh installs them and runs this; README "From a Maven or sbt build".
scalaVersion := "2.13.17" // Spark 4.1.1's Scala
resolvers += Resolver.mavenLocal
libraryDependencies += "org.hequant" %% "spark-jobs" % "0.1.0-SNAPSHOT"

// Spark on Java 17 needs the repository's JVM flags (its --add-opens list), so run forks a JVM with them,
// working in the repository root, where the bundled demo model and sample live.
fork := true
run / baseDirectory := (ThisBuild / baseDirectory).value / ".." / ".."
javaOptions ++= IO.readLines((ThisBuild / baseDirectory).value / ".." / ".." / "conf" / "jvm.flags")
  .map(_.trim).filterNot(l => l.isEmpty || l.startsWith("#"))
envVars += "SPARK_LOCAL_IP" -> "127.0.0.1"
outputStrategy := Some(StdoutOutput) // the job's lines as it prints them, not as sbt log lines
