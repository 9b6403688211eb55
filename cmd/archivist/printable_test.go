package main

import "testing"

func TestPrintable(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "news/2021/a.html.gz", "news/2021/a.html.gz"},
		{"empty", "", ""},
		{"non-ASCII text kept", "Café “quoted” – 東京 😀 \uFFFD", "Café “quoted” – 東京 😀 \uFFFD"},
		{"backslash kept", `C:\archive\a.txt`, `C:\archive\a.txt`},
		{"title and clear screen", "term\x1b]0;pwned\a\x1b[2J.txt", `term\x1b]0;pwned\a\x1b[2J.txt`},
		{"forged line", "a.txt: no text\nadded 999", `a.txt: no text\nadded 999`},
		{"carriage return and tab", "ok\rfake\tcol", `ok\rfake\tcol`},
		{"NUL and DEL", "a\x00b\x7fc", `a\x00b\x7fc`},
		{"C1 control", "x\u009b2Jy\u0085z", `x\u009b2Jy\u0085z`},
		{"bidi override", "invoice\u202Etxt.exe", `invoice\u202etxt.exe`},
		{"bidi isolates and marks", "\u2066a\u2069\u200e\u200f\u061c", `\u2066a\u2069\u200e\u200f\u061c`},
		{"line separators", "one\u2028two\u2029", `one\u2028two\u2029`},
		{"bytes that are not UTF-8", "caf\xe9 \x9b2J", `caf\xe9 \x9b2J`},
		{"zero-width joiner kept", "👩\u200d💻", "👩\u200d💻"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := printable(tt.in); got != tt.want {
				t.Errorf("printable(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPrintableLines(t *testing.T) {
	in := "First paragraph \x1b[31mred\x1b[0m.\n\nSecond\r line.\n"
	want := "First paragraph \\x1b[31mred\\x1b[0m.\n\nSecond\\r line.\n"
	if got := printableLines(in); got != want {
		t.Errorf("printableLines(%q) = %q, want %q", in, got, want)
	}
}
