package lab.c10k.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import lab.c10k.http.HttpException;
import lab.c10k.http.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestPathTest {

    @ParameterizedTest(name = "{0} -> {1} (directory: {2})")
    @CsvSource(delimiter = '|', textBlock = """
            /                       |                  | true
            /a                      | a                | false
            /a/                     | a                | true
            //a                     | a                | false
            /a//b                   | a,b              | false
            /a/./b                  | a,b              | false
            /a/.                    | a                | true
            /a/b/..                 | a                | true
            /a/b/../                | a                | true
            /a/..                   |                  | true
            /a/b/../c               | a,c              | false
            /a/%2e%2e/b             | b                | false
            /a/.%2e/b               | b                | false
            /a/%2E/b                | a,b              | false
            /%2e                    |                  | true
            /...                    | ...              | false
            /a;b                    | a;b              | false
            /a%3bb                  | a;b              | false
            /%41%62%63              | Abc              | false
            /space%20name           | space name       | false
            /%C3%BCn%C3%AF          | ünï              | false
            /%F0%9F%98%80           | 😀               | false
            /a%2525b                | a%25b            | false
            /%252e%252e             | %2e%2e           | false
            """)
    void decodesOnceThenRemovesDotSegments(String raw, String names, boolean directory) {
        List<String> expected = names == null ? List.of() : Arrays.asList(names.split(","));
        assertThat(RequestPath.decode(raw)).isEqualTo(new RequestPath(expected, directory));
    }

    @ParameterizedTest(name = "{0} -> 400 ({1})")
    @CsvSource(delimiter = '|', textBlock = """
            ''                 | NOT_ABSOLUTE
            a/b                | NOT_ABSOLUTE
            *                  | NOT_ABSOLUTE
            /..                | ABOVE_ROOT
            /../x              | ABOVE_ROOT
            /a/../../x         | ABOVE_ROOT
            /%2e%2e/x          | ABOVE_ROOT
            /.%2e/x            | ABOVE_ROOT
            /%2E%2E            | ABOVE_ROOT
            /a/./../..         | ABOVE_ROOT
            /%2e%2e%2f         | SEPARATOR
            /a%2fb             | SEPARATOR
            /a%2Fb             | SEPARATOR
            /a%5cb             | SEPARATOR
            /a%5Cb             | SEPARATOR
            /a\\b              | SEPARATOR
            /..\\x             | SEPARATOR
            /%00               | CONTROL
            /a%00.html         | CONTROL
            /%0d%0a            | CONTROL
            /%09               | CONTROL
            /%7f               | CONTROL
            /%1f               | CONTROL
            /%                 | BAD_ESCAPE
            /%1                | BAD_ESCAPE
            /a%                | BAD_ESCAPE
            /%zz               | BAD_ESCAPE
            /%g0               | BAD_ESCAPE
            /%-1               | BAD_ESCAPE
            /%+1               | BAD_ESCAPE
            /%١١               | BAD_ESCAPE
            /%c0%af            | NOT_UTF8
            /%e0%80%af         | NOT_UTF8
            /%c3               | NOT_UTF8
            /%e0%a4            | NOT_UTF8
            /%ed%a0%80         | NOT_UTF8
            /%ff               | NOT_UTF8
            /%80               | NOT_UTF8
            /%f8%88%80%80%80   | NOT_UTF8
            /a b               | NOT_ALLOWED
            /ü                 | NOT_ALLOWED
            """)
    void refusesWhatCannotBeMappedSafely(String raw, String reason) throws ReflectiveOperationException {
        String detail = (String) RequestPath.class.getDeclaredField(reason).get(null);
        assertThatThrownBy(() -> RequestPath.decode(raw)).isInstanceOfSatisfying(HttpException.class, e -> {
            assertThat(e.status()).isEqualTo(Status.BAD_REQUEST);
            assertThat(e.detail()).isEqualTo(detail);
        });
    }

    @ParameterizedTest
    @CsvSource({"'/a\u0001b'", "'/a\rb'", "'/a\nb'", "'/\u007f'", "'/a\u0000b'"})
    void refusesRawControlCharacters(String raw) {
        assertThatThrownBy(() -> RequestPath.decode(raw))
                .isInstanceOfSatisfying(
                        HttpException.class, e -> assertThat(e.detail()).isEqualTo(RequestPath.CONTROL));
    }
}
