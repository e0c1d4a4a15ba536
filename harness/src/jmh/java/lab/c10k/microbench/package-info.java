/**
 * JMH microbenchmarks of the hot paths: parsing a request, encoding a response head, each file-io mode on a 2 KiB
 * and a 2 MiB file, and the load generator's response parser. Not part of {@code verify}; build and run them with
 * the {@code jmh} profile:
 *
 * <pre>
 * ./mvnw -q -B -Pjmh -pl harness -am package -DskipTests
 * java --enable-native-access=ALL-UNNAMED -jar harness/target/benchmarks.jar          # all, about 8 minutes
 * java --enable-native-access=ALL-UNNAMED -jar harness/target/benchmarks.jar FileIo -f 1 -rf json -rff jmh.json
 * </pre>
 */
package lab.c10k.microbench;
