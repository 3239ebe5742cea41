package sentemb.spark;

import org.apache.spark.sql.SparkSession;

/** The session a job runs in: its own when {@code --master} is given, else the one spark-submit configured. */
final class SparkSessions {
    private SparkSessions() {}

    static SparkSession start(String appName, String master) {
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        if (master != null) {
            b = b.master(master);
        }
        return b.getOrCreate();
    }

    /**
     * Stops a session this job started from {@code --master} unless it was already there
     * (an embedding test's shared session); spark-submit's own session stops with the JVM.
     */
    static void stop(SparkSession spark, String master) {
        if (master != null && !Boolean.getBoolean("sentemb.spark.keepSession")) {
            ModelCache.closeAll();
            spark.stop();
        }
    }
}
