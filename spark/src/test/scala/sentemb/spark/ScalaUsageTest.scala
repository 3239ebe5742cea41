package sentemb.spark

import org.apache.spark.ml.{Pipeline, PipelineStage}
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/** The Transformer used from Scala, as a Scala user writes it: Dataset API, a Pipeline, typed results. */
class ScalaUsageTest {
  @Test def embedsFromScala(): Unit = {
    val spark = SparkFixtures.spark()
    import spark.implicits._
    val df = Seq("A man plays a guitar.", "Two dogs play in the snow.", "Hi").toDF("text")
    val embedder = new PromptEolEmbedder()
      .setModelPath(SparkFixtures.tinyModel().toString)
      .setInputCol("text")
      .setOutputCol("embedding")
      .setNormalize(true)
    val out = new Pipeline().setStages(Array[PipelineStage](embedder)).fit(df).transform(df)
    val rows = out.select($"text", $"embedding").as[(String, Array[Float])].collect()
    assertEquals(Seq("A man plays a guitar.", "Two dogs play in the snow.", "Hi"), rows.map(_._1).toSeq)
    assertEquals(32, rows(0)._2.length)
    assertEquals(1.0, rows(0)._2.map(x => x.toDouble * x).sum, 1e-5)
  }
}
