package lab.c10k.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MimeTypesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            index.html     | text/html; charset=utf-8
            INDEX.HTML     | text/html; charset=utf-8
            page.htm       | text/html; charset=utf-8
            style.Css      | text/css; charset=utf-8
            app.js         | text/javascript; charset=utf-8
            module.mjs     | text/javascript; charset=utf-8
            notes.txt      | text/plain; charset=utf-8
            table.csv      | text/csv; charset=utf-8
            README.md      | text/markdown; charset=utf-8
            feed.xml       | text/xml; charset=utf-8
            data.json      | application/json
            logo.svg       | image/svg+xml
            a.png          | image/png
            a.jpg          | image/jpeg
            a.JPEG         | image/jpeg
            a.gif          | image/gif
            a.webp         | image/webp
            a.avif         | image/avif
            favicon.ico    | image/x-icon
            f.woff         | font/woff
            f.woff2        | font/woff2
            f.ttf          | font/ttf
            f.otf          | font/otf
            doc.pdf        | application/pdf
            a.zip          | application/zip
            a.tar.gz       | application/gzip
            a.tar          | application/x-tar
            m.wasm         | application/wasm
            v.mp4          | video/mp4
            v.webm         | video/webm
            s.mp3          | audio/mpeg
            s.ogg          | audio/ogg
            s.wav          | audio/wav
            noextension    | application/octet-stream
            trailing.      | application/octet-stream
            a.unknown      | application/octet-stream
            a.html.bak     | application/octet-stream
            a;b.html       | text/html; charset=utf-8
            """)
    void mapsExtensionsCaseInsensitively(String fileName, String type) {
        assertThat(MimeTypes.of(fileName)).isEqualTo(type);
    }
}
