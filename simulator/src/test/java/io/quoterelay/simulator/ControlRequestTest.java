package io.quoterelay.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ControlRequestTest {
    @Test
    void readsBinanceSubscribeRequest() throws Exception {
        ControlRequest r = ControlRequest.parse(
            "{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@bookTicker\"],\"id\":1}");
        assertEquals("SUBSCRIBE", r.method());
        assertEquals(List.of("btcusdt@bookTicker"), r.params());
        assertEquals("1", r.idJson());
        assertEquals("{\"result\":null,\"id\":1}", ControlRequest.resultNullJson(r.idJson()));
    }

    @Test
    void malformedJsonGetsCodeThreeWithNullId() {
        ControlRequest.BadRequestException e = assertThrows(ControlRequest.BadRequestException.class,
            () -> ControlRequest.parse("{not json"));
        assertEquals(3, e.code);
        assertEquals("null", e.idJson);
        assertEquals("{\"error\":{\"code\":3,\"msg\":\"Invalid JSON: expected value at line 1 column 2\"},\"id\":null}",
            e.replyJson());
    }

    @Test
    void missingMethodGetsCodeTwoWithTheId() {
        ControlRequest.BadRequestException e = assertThrows(ControlRequest.BadRequestException.class,
            () -> ControlRequest.parse("{\"params\":[],\"id\":9}"));
        assertEquals("{\"error\":{\"code\":2,\"msg\":\"Invalid request: missing field `method`\"},\"id\":9}",
            e.replyJson());
    }
}
