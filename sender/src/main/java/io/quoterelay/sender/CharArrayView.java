package io.quoterelay.sender;

/**
 * A reusable CharSequence over a region of Jackson's token buffer, so decimal strings reach
 * {@link io.quoterelay.protocol.ExactDecimal} without becoming Strings. Valid until the parser
 * moves to the next token.
 */
final class CharArrayView implements CharSequence {
    private char[] chars;
    private int offset;
    private int length;

    CharArrayView set(char[] chars, int offset, int length) {
        this.chars = chars;
        this.offset = offset;
        this.length = length;
        return this;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        return chars[offset + index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new String(chars, offset + start, end - start);
    }

    @Override
    public String toString() {
        return new String(chars, offset, length);
    }
}
