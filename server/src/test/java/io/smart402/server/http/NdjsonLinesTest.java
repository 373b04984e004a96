package io.smart402.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class NdjsonLinesTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(NdjsonLines.Line line) {
        return new String(line.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void linesSplitAcrossChunksBlankLinesCountedCrlfStripped() {
        Flux<byte[]> chunks = Flux.just(b("{\"a\""), b(":1}\r\n\n  \n{\"b\":2}\n{\"c\""), b(":3}"));
        StepVerifier.create(NdjsonLines.split(chunks, 100))
                .assertNext(l -> assertThat(l.number()).isEqualTo(1) )
                .assertNext(l -> {
                    assertThat(l.number()).isEqualTo(4);
                    assertThat(text(l)).isEqualTo("{\"b\":2}");
                })
                .assertNext(l -> {
                    assertThat(l.number()).isEqualTo(5);
                    assertThat(text(l)).isEqualTo("{\"c\":3}");
                })
                .verifyComplete();
    }

    @Test
    void overLongLineIsMarkedAndTheNextLineStillArrives() {
        Flux<byte[]> chunks = Flux.just(b("x".repeat(8)), b("y".repeat(8) + "\nok\n"));
        StepVerifier.create(NdjsonLines.split(chunks, 10))
                .assertNext(l -> {
                    assertThat(l.tooLong()).isTrue();
                    assertThat(l.number()).isEqualTo(1);
                })
                .assertNext(l -> assertThat(text(l)).isEqualTo("ok"))
                .verifyComplete();
    }
}
