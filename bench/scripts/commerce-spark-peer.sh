#!/bin/sh
# Spark MLlib implicit ALS as a benchmark peer (never a product dependency): builds a small standalone program in the
# bench cache (Spark 4.1 from Maven Central, compiled for Java 17) and runs it under a JDK 17 in local[2] mode.
# Usage: bench/scripts/commerce-spark-peer.sh NAME TRAIN.csv TEST.csv RANK ALPHA REGPARAM [ITERATIONS] [BLOCKS]
#   prints one JSON line: quality at 10 and seconds per iteration = (fit(15) - fit(1)) / 14, after a warm-up fit.
. "$(dirname "$(readlink -f "$0")")/common.sh"
jdk17=${ASSAY_BENCH_JDK17:-$(ls -d /usr/lib/jvm/java-17-openjdk* 2>/dev/null | head -n 1)}
[ -x "$jdk17/bin/java" ] || { echo "Spark peer needs a JDK 17 (apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }
peer="$cache/spark-peer"
mkdir -p "$peer/src/main/java"
cat >"$peer/pom.xml" <<'POM'
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.assay.bench</groupId>
  <artifactId>spark-als-peer</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency><groupId>org.apache.spark</groupId><artifactId>spark-mllib_2.13</artifactId><version>4.1.0</version></dependency>
    <!-- Maven's mediation would pick 2.13.13, with which SparkSession fails (NoSuchMethodError) -->
    <dependency><groupId>org.scala-lang</groupId><artifactId>scala-library</artifactId><version>2.13.17</version></dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.15.0</version></plugin>
      <plugin><artifactId>maven-dependency-plugin</artifactId><version>3.9.0</version></plugin>
    </plugins>
  </build>
</project>
POM
cat >"$peer/src/main/java/SparkAlsPeer.java" <<'JAVA'
import java.nio.file.*;
import java.util.*;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.*;
import org.apache.spark.sql.types.*;

/** Spark MLlib implicit ALS on a saved split: fit time per iteration and top-10 quality (training items excluded). */
public class SparkAlsPeer {
    public static void main(String[] a) throws Exception {
        String name = a[0];
        int rank = Integer.parseInt(a[3]);
        double alpha = Double.parseDouble(a[4]);
        double reg = Double.parseDouble(a[5]);
        int iters = a.length > 6 ? Integer.parseInt(a[6]) : 15;
        int blocks = a.length > 7 ? Integer.parseInt(a[7]) : 2;
        SparkSession spark = SparkSession.builder().master("local[2]").appName("als-peer")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        Map<Integer, Set<Integer>> train = read(Path.of(a[1]));
        Map<Integer, Set<Integer>> test = read(Path.of(a[2]));
        List<Row> rows = new ArrayList<>();
        train.forEach((u, items) -> items.forEach(i -> rows.add(RowFactory.create(u, i, 1.0f))));
        StructType schema = new StructType().add("user", DataTypes.IntegerType).add("item", DataTypes.IntegerType)
                .add("rating", DataTypes.FloatType);
        Dataset<Row> df = spark.createDataFrame(rows, schema).cache();
        df.count();
        ALS als = new ALS().setRank(rank).setAlpha(alpha).setRegParam(reg).setImplicitPrefs(true).setSeed(42)
                .setNumUserBlocks(blocks).setNumItemBlocks(blocks).setUserCol("user").setItemCol("item")
                .setRatingCol("rating");
        als.setMaxIter(iters).fit(df); // warm-up
        double best = Double.MAX_VALUE;
        ALSModel model = null;
        for (int rep = 0; rep < 2; rep++) {
            long t0 = System.nanoTime();
            als.setMaxIter(1).fit(df);
            double one = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            model = als.setMaxIter(iters).fit(df);
            double full = (System.nanoTime() - t0) / 1e9;
            best = Math.min(best, (full - one) / (iters - 1));
        }
        Map<Integer, float[]> uf = factors(model.userFactors());
        Map<Integer, float[]> itf = factors(model.itemFactors());
        int[] itemIds = itf.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        double p = 0, ndcg = 0;
        int users = 0;
        for (var e : test.entrySet()) {
            float[] x = uf.get(e.getKey());
            if (x == null || e.getValue().isEmpty()) continue;
            Set<Integer> seen = train.getOrDefault(e.getKey(), Set.of());
            PriorityQueue<double[]> top = new PriorityQueue<>((l, r) -> l[0] != r[0] ? Double.compare(l[0], r[0]) : Double.compare(r[1], l[1]));
            for (int id : itemIds) {
                if (seen.contains(id)) continue;
                float[] y = itf.get(id);
                double s = 0;
                for (int k = 0; k < y.length; k++) s += x[k] * y[k];
                top.add(new double[] {s, id});
                if (top.size() > 10) top.poll();
            }
            List<double[]> list = new ArrayList<>(top);
            list.sort((l, r) -> l[0] != r[0] ? Double.compare(r[0], l[0]) : Double.compare(l[1], r[1]));
            int hits = 0;
            double dcg = 0, idcg = 0;
            for (int j = 0; j < list.size(); j++) {
                if (e.getValue().contains((int) list.get(j)[1])) { hits++; dcg += 1 / (Math.log(j + 2) / Math.log(2)); }
            }
            for (int j = 0; j < Math.min(10, e.getValue().size()); j++) idcg += 1 / (Math.log(j + 2) / Math.log(2));
            p += hits / 10.0;
            ndcg += dcg / idcg;
            users++;
        }
        System.out.printf(Locale.ROOT, "{\"peer\": \"spark-mllib 4.1.0\", \"dataset\": \"%s\", \"rank\": %d, \"alpha\": %s, \"regParam\": %s, \"blocks\": %d, \"seconds_per_iteration\": %.4f, \"users\": %d, \"precision_at_10\": %.4f, \"ndcg_at_10\": %.4f}%n",
                name, rank, alpha, reg, blocks, best, users, p / users, ndcg / users);
        spark.stop();
    }

    static Map<Integer, Set<Integer>> read(Path f) throws Exception {
        Map<Integer, Set<Integer>> m = new HashMap<>();
        List<String> lines = Files.readAllLines(f);
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split(",");
            m.computeIfAbsent(Integer.parseInt(c[0]), k -> new HashSet<>()).add(Integer.parseInt(c[1]));
        }
        return m;
    }

    static Map<Integer, float[]> factors(Dataset<Row> df) {
        Map<Integer, float[]> m = new HashMap<>();
        for (Row r : df.collectAsList()) {
            List<Float> f = r.getList(1);
            float[] v = new float[f.size()];
            for (int k = 0; k < v.length; k++) v[k] = f.get(k);
            m.put(r.getInt(0), v);
        }
        return m;
    }
}
JAVA
if [ ! -f "$peer/classpath.txt" ] || [ "$peer/src/main/java/SparkAlsPeer.java" -nt "$peer/target/classes/SparkAlsPeer.class" ]; then
  (cd "$root" && ./mvnw -q -B -f "$peer/pom.xml" package dependency:build-classpath -Dmdep.outputFile="$peer/classpath.txt" >&2)
fi
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"
# shellcheck disable=SC2086
OPENBLAS_NUM_THREADS=1 "$jdk17/bin/java" -Xmx6g $opens -cp "$peer/target/classes:$(cat "$peer/classpath.txt")" SparkAlsPeer "$@" 2>"$peer/last-run.log" | tail -n 1
