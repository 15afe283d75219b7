package io.quoterelay.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A client-to-server text frame, e.g. {@code {"method":"SUBSCRIBE","params":["btcusdt@bookTicker"],"id":1}}.
 * Replies copy Binance's shapes: {@code {"result":null,"id":1}} and
 * {@code {"error":{"code":2,"msg":"..."},"id":1}}.
 *
 * @param method the method name as sent
 * @param params strings and booleans, in order
 * @param idJson the id as JSON text ({@code 7}, {@code "abc"} or {@code null}), echoed in the reply
 */
record ControlRequest(String method, List<Object> params, String idJson) {
    private static final JsonFactory JSON = new JsonFactory();

    /** A request Binance would answer with an error object; {@link #replyJson()} is that answer. */
    static final class BadRequestException extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;
        final String idJson;

        BadRequestException(int code, String msg, String idJson) {
            super(msg);
            this.code = code;
            this.idJson = idJson;
        }

        String replyJson() {
            return errorJson(code, getMessage(), idJson);
        }
    }

    static ControlRequest parse(String text) throws BadRequestException {
        String method = null;
        List<Object> params = new ArrayList<>();
        String idJson = "null";
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequestException(3, "Invalid JSON: expected value at line 1 column 1", "null");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "method":
                        if (value != JsonToken.VALUE_STRING) {
                            throw new BadRequestException(2, "Invalid request: method must be a string", idJson);
                        }
                        method = p.getText();
                        break;
                    case "params":
                        if (value != JsonToken.START_ARRAY) {
                            throw new BadRequestException(2, "Invalid request: params must be an array", idJson);
                        }
                        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                            if (t == JsonToken.VALUE_STRING) {
                                params.add(p.getText());
                            } else if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                                params.add(p.getBooleanValue());
                            } else {
                                throw new BadRequestException(1, "Invalid value type: expected String", idJson);
                            }
                        }
                        break;
                    case "id":
                        if (value == JsonToken.VALUE_NUMBER_INT && p.getLongValue() >= 0) {
                            idJson = p.getText();
                        } else if (value == JsonToken.VALUE_STRING) {
                            idJson = '"' + p.getText() + '"';
                        } else if (value == JsonToken.VALUE_NULL) {
                            idJson = "null";
                        } else {
                            throw new BadRequestException(2,
                                "Invalid request: request ID must be an unsigned integer", "null");
                        }
                        break;
                    default:
                        p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new BadRequestException(3, "Invalid JSON: trailing characters", "null");
            }
        } catch (JsonParseException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 1 : Math.max(1, at.getLineNr());
            int column = at == null ? 1 : Math.max(1, at.getColumnNr());
            throw new BadRequestException(3,
                "Invalid JSON: expected value at line " + line + " column " + column, "null");
        } catch (IOException e) {
            throw new BadRequestException(3, "Invalid JSON: " + e.getMessage(), "null");
        }
        if (method == null) {
            throw new BadRequestException(2, "Invalid request: missing field `method`", idJson);
        }
        return new ControlRequest(method, List.copyOf(params), idJson);
    }

    static String resultNullJson(String idJson) {
        return "{\"result\":null,\"id\":" + idJson + "}";
    }

    static String resultJson(String resultJson, String idJson) {
        return "{\"result\":" + resultJson + ",\"id\":" + idJson + "}";
    }

    static String errorJson(int code, String msg, String idJson) {
        return "{\"error\":{\"code\":" + code + ",\"msg\":\"" + msg.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\"},\"id\":" + idJson + "}";
    }
}
