package lab.c10k.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import lab.c10k.harness.experiment.ExperimentResult;
import lab.c10k.harness.experiment.Trial;
import org.junit.jupiter.api.Test;

/**
 * A cell whose server counted far fewer requests than its client (as selector at 1000 connections with a 2 MiB
 * file once did: 35 against 208) is marked wherever its per-request figures appear, and only that cell.
 */
class CountsAgreeTest {

    /** The fixture, with thread's first window at 100 connections and keep-alive counted 35 by its server. */
    private static ExperimentResult withOneMismatch() {
        ExperimentResult r = Fixtures.result();
        var trials = new ArrayList<Trial>();
        for (Trial t : r.trials()) {
            boolean mismatched = t.ok()
                    && t.contender().equals("thread")
                    && t.cell().connections() == 100
                    && t.cell().keepAlive()
                    && t.repetition() == 1;
            trials.add(mismatched ? withServerCount(t, 35) : t);
        }
        return Fixtures.withTrials(r, trials);
    }

    @Test
    void theToleranceIsAFewPercentEitherWay() {
        Trial t = Fixtures.result().trials().getFirst();
        assertThat(t.countsAgree()).isTrue();
        long client = t.client().requests();
        assertThat(withServerCount(t, Math.round(client * 1.049)).countsAgree()).isTrue();
        assertThat(withServerCount(t, Math.round(client * 1.06)).countsAgree()).isFalse();
        assertThat(withServerCount(t, Math.round(client * 0.94)).countsAgree()).isFalse();
    }

    private static Trial withServerCount(Trial t, long requests) {
        var s = t.server();
        return new Trial(
                t.contender(),
                t.kind(),
                t.repetition(),
                t.cell(),
                null,
                t.client(),
                new Trial.Server(
                        s.source(),
                        requests,
                        s.voluntarySwitches(),
                        s.involuntarySwitches(),
                        s.userMicros(),
                        s.systemMicros(),
                        s.liveThreads()),
                t.tree());
    }

    @Test
    void theTableMarksThatCellsPerRequestFiguresAndSaysWhy() {
        String fine = ResultsTable.text(Fixtures.result());
        assertThat(fine).doesNotContain("‡");

        String table = ResultsTable.text(withOneMismatch());
        List<String> marked =
                table.lines().filter(l -> l.contains("‡") && !l.startsWith("‡")).toList();
        assertThat(marked).hasSize(1);
        assertThat(marked.getFirst()).startsWith("thread").contains(" 100 ").contains(" on ");
        assertThat(table).contains("‡ per-request figures divide by the server's count of requests");
    }

    @Test
    void csvJsonHtmlAndTheTextCarryTheFlag() throws Exception {
        ExperimentResult r = withOneMismatch();
        List<String> csv = ResultsCsv.write(r).lines().toList();
        int column = List.of(csv.getFirst().split(",")).indexOf("counts_agree");
        assertThat(column).isPositive();
        assertThat(csv.stream().skip(1).filter(l -> l.split(",", -1)[column].equals("false")))
                .singleElement()
                .satisfies(l -> assertThat(l).startsWith("thread,strategy,1,100,2k.bin,2048,on,"));

        JsonNode o = new ObjectMapper().readTree(ResultsJson.write(r));
        assertThat(o.get("trials").findValues("counts_agree").stream().filter(v -> !v.asBoolean()))
                .hasSize(1);
        assertThat(o.get("summary").findValues("counts_agree").stream().filter(v -> !v.asBoolean()))
                .hasSize(1);

        String html = HtmlReport.write(r);
        assertThat(html)
                .contains("per-request figures divide by the server&#39;s count")
                .contains("Pale bars (thread at 100)");
    }
}
