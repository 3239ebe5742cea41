package sentemb.spark;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Writes the job's result as Spark does (a folder of part files), into a hidden sibling that is
 * renamed to the target only when every task has succeeded: a failed or killed job leaves no
 * half-written output under the target name. Parquet, or JSONL when the name ends in .jsonl.
 */
final class JobOutput {
    private final String target;
    private final Configuration hadoop;

    JobOutput(String target, Configuration hadoop) {
        this.target = target.replaceAll("/+$", "");
        this.hadoop = hadoop;
    }

    boolean jsonl() {
        return target.toLowerCase(java.util.Locale.ROOT).endsWith(".jsonl");
    }

    /** Refuses an existing target before any work is done. */
    void requireAbsent() throws IOException {
        Path p = new Path(target);
        if (p.getFileSystem(hadoop).exists(p)) {
            throw new BadInputException("--output " + target + " already exists (remove it or choose another name)");
        }
    }

    void write(Dataset<Row> rows) throws IOException {
        Path out = new Path(target);
        FileSystem fs = out.getFileSystem(hadoop);
        Path tmp = new Path(out.getParent(), "." + out.getName() + ".tmp-" + UUID.randomUUID());
        try {
            if (jsonl()) {
                rows.write().mode(SaveMode.ErrorIfExists).json(tmp.toString());
            } else {
                rows.write().mode(SaveMode.ErrorIfExists).parquet(tmp.toString());
            }
            if (!fs.rename(tmp, out)) {
                throw new IOException("could not rename " + tmp + " to " + out);
            }
        } finally {
            if (fs.exists(tmp)) {
                fs.delete(tmp, true);
            }
        }
    }
}
