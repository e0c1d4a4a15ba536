package lab.c10k.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import lab.c10k.http.HttpDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionalsTest {
    private static final String TAG = "\"18f4c0a2d63-3e8\"";

    @ParameterizedTest(name = "[{0}] matches {1}: strong {2}, weak {3}")
    @CsvSource(delimiter = '|', textBlock = """
            '"18f4c0a2d63-3e8"'                          | true  | true
            '*'                                          | true  | true
            ' * '                                        | true  | true
            'W/"18f4c0a2d63-3e8"'                        | false | true
            '"x", "18f4c0a2d63-3e8"'                     | true  | true
            '"x",W/"18f4c0a2d63-3e8"'                    | false | true
            '"x" ,\t"18f4c0a2d63-3e8" , '                | true  | true
            ',,"18f4c0a2d63-3e8"'                        | true  | true
            '"a,b", "18f4c0a2d63-3e8"'                   | true  | true
            '"x"'                                        | false | false
            '""'                                         | false | false
            '"18f4c0a2d63-3e8'                           | false | false
            '18f4c0a2d63-3e8'                            | false | false
            '"18f4c0a2d63-3e8"x'                         | false | false
            'w/"18f4c0a2d63-3e8"'                        | false | false
            '"x" "18f4c0a2d63-3e8"'                      | false | false
            '*, "18f4c0a2d63-3e8"'                       | false | false
            '"18F4C0A2D63-3E8"'                          | false | false
            ''                                           | false | false
            """)
    void comparesEntityTagLists(String field, boolean strong, boolean weak) {
        assertThat(Conditionals.anyMatches(field, TAG, false)).as("strong").isEqualTo(strong);
        assertThat(Conditionals.anyMatches(field, TAG, true)).as("weak").isEqualTo(weak);
    }

    @Test
    void validatorsComeFromTheModificationTimeAndSize() {
        Instant modified = Instant.parse("2024-05-06T07:08:09.123Z");
        Validators validators = Validators.of(attributes(modified, 1000));
        assertThat(validators.entityTag())
                .isEqualTo("\"" + Long.toHexString(modified.toEpochMilli()) + "-3e8\"")
                .isEqualTo("\"18f4cbb3823-3e8\"");
        assertThat(validators.lastModified()).isEqualTo("Mon, 06 May 2024 07:08:09 GMT");
        assertThat(validators.lastModifiedSecond()).isEqualTo(modified.getEpochSecond());
    }

    @Test
    void validatorsWorkBeyond2038() {
        Instant modified = Instant.parse("2040-02-03T04:05:06Z");
        Validators validators = Validators.of(attributes(modified, 5));
        assertThat(validators.lastModified()).isEqualTo("Fri, 03 Feb 2040 04:05:06 GMT");
        assertThat(HttpDate.parse(validators.lastModified())).contains(modified);
    }

    @ParameterizedTest(name = "If-Range [{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            NULL                                  | true
            '"18f4cbb3823-3e8"'                   | true
            ' "18f4cbb3823-3e8" '                 | true
            'W/"18f4cbb3823-3e8"'                 | false
            '"x"'                                 | false
            '"18f4cbb3823-3e8", "x"'              | false
            Mon, 06 May 2024 07:08:09 GMT         | true
            Mon, 06 May 2024 07:08:08 GMT         | false
            Mon, 06 May 2024 07:08:10 GMT         | false
            'Mon, 06 May 2024 07:08:09 GMT, Mon, 06 May 2024 07:08:09 GMT' | false
            wrong                                 | false
            ''                                    | false
            """)
    void ifRangeNeedsAnExactMatch(String ifRange, boolean applies) {
        Validators validators = Validators.of(attributes(Instant.parse("2024-05-06T07:08:09.123Z"), 1000));
        assertThat(Conditionals.rangeApplies(ifRange, validators)).isEqualTo(applies);
    }

    static BasicFileAttributes attributes(Instant modified, long size) {
        FileTime time = FileTime.from(modified);
        return new BasicFileAttributes() {
            @Override
            public FileTime lastModifiedTime() {
                return time;
            }

            @Override
            public FileTime lastAccessTime() {
                return time;
            }

            @Override
            public FileTime creationTime() {
                return time;
            }

            @Override
            public boolean isRegularFile() {
                return true;
            }

            @Override
            public boolean isDirectory() {
                return false;
            }

            @Override
            public boolean isSymbolicLink() {
                return false;
            }

            @Override
            public boolean isOther() {
                return false;
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public Object fileKey() {
                return null;
            }
        };
    }
}
