package lab.c10k.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RangeRequestTest {

    @ParameterizedTest(name = "[{0}] of {1} bytes -> {2}-{3}")
    @CsvSource(delimiter = '|', textBlock = """
            bytes=0-8                              | 1000 | 0   | 8
            bytes=-10                              | 1000 | 990 | 999
            bytes=990-                             | 1000 | 990 | 999
            bytes=990-1990                         | 1000 | 990 | 999
            bytes=0-0                              | 1000 | 0   | 0
            bytes=999-999                          | 1000 | 999 | 999
            bytes=999-                             | 1000 | 999 | 999
            bytes=0-                               | 1000 | 0   | 999
            bytes=-1000                            | 1000 | 0   | 999
            bytes=-5000                            | 1000 | 0   | 999
            bytes=-1                               | 1    | 0   | 0
            bytes=0-99999999999999999999999999     | 1000 | 0   | 999
            BYTES=1-2                              | 1000 | 1   | 2
            Bytes=1-2                              | 1000 | 1   | 2
            '  bytes= 1-2\t'                       | 1000 | 1   | 2
            bytes=4294967296-4294967305            | 5368709120 | 4294967296 | 4294967305
            bytes=-10                              | 5368709120 | 5368709110 | 5368709119
            """)
    void oneSatisfiableRangeIsASlice(String field, long size, long first, long last) {
        assertThat(RangeRequest.parse(field, size)).isEqualTo(new RangeRequest.Slice(first, last));
    }

    @ParameterizedTest(name = "[{0}] of 1000 bytes -> 416")
    @CsvSource(delimiter = '|', textBlock = """
            bytes=1000-
            bytes=1000-2000
            bytes=1000-1000
            bytes=-0
            bytes=99999999999999999999999-
            """)
    void aRangeOutsideTheFileIsUnsatisfiable(String field) {
        assertThat(RangeRequest.parse(field, 1000)).isEqualTo(RangeRequest.UNSATISFIABLE);
    }

    @ParameterizedTest(name = "[{0}] -> ignored, 200")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            NULL
            ''
            bytes=0-1,5-6
            'bytes=0-9, -10, 10-19'
            'bytes=1-2, 1-2'
            bytes=alpha
            bytes=10-alpha
            bytes=10
            bytes=7-1
            bytes=,
            bytes=0-1,
            bytes=
            bytes=-
            bytes=--1
            bytes=1-2-3
            bytes=+1-2
            bytes=0x1-2
            bytes=1 -2
            'bytes=10-11 12-'
            items=0-1
            bytes 0-1
            0-1
            foo
            bytesx=0-1
            """)
    void anythingElseIsIgnored(String field) {
        assertThat(RangeRequest.parse(field, 1000)).isEqualTo(RangeRequest.IGNORED);
    }

    @ParameterizedTest(name = "[{0}] of an empty file -> ignored")
    @CsvSource({"bytes=0-0", "bytes=0-", "bytes=-1", "bytes=-0", "bytes=5-"})
    void aRangeOfAnEmptyFileIsIgnored(String field) {
        assertThat(RangeRequest.parse(field, 0)).isEqualTo(RangeRequest.IGNORED);
    }
}
