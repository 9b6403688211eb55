package corpus

import (
	"encoding/json"
	"testing"
)

func TestUnquote(t *testing.T) {
	for _, lit := range []string{
		`""`, `"plain"`, `"a\"b\\c\/d"`, `"\b\f\n\r\t"`, `"caf\u00e9"`, `"\ud83d\ude00 smile"`,
		`"lone \ud83d surrogate"`, `"lone \ude00 low"`, `"\u2028\u0000"`, `"tail\\"`, `"é ü 😀"`,
	} {
		var want string
		if err := json.Unmarshal([]byte(lit), &want); err != nil {
			t.Fatalf("json.Unmarshal(%s): %v", lit, err)
		}
		got, ok := unquote([]byte(lit))
		if !ok || got != want {
			t.Errorf("unquote(%s) = %q, %v; want %q, true", lit, got, ok, want)
		}
	}
}

func TestJoinAuthors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Ann Lee", "Ann Lee"},
		{"By Ann Lee", "Ann Lee"},
		{"BY  Ann   Lee ", "Ann Lee"},
		{"Ann Lee, Bo Chan", "Ann Lee, Bo Chan"},
		{"Ann Lee, Ann Lee", "Ann Lee"},
		{"By Ann Lee and Bo Chan", "Ann Lee, Bo Chan"},
		{"Ann Lee, Bo Chan and Cy Dee", "Ann Lee, Bo Chan, Cy Dee"},
		{"Ann Lee, Bo Chan, and Cy Dee", "Ann Lee, Bo Chan, Cy Dee"},
		{"Ann Lee & Bo Chan", "Ann Lee, Bo Chan"},
		{"Smith and Wesson", "Smith and Wesson"},
	}
	for _, tt := range tests {
		if got := joinAuthors(tt.in); got != tt.want {
			t.Errorf("joinAuthors(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestJSONDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{`"2022/06/12"`, "2022-06-12"},
		{`"June 12, 2022"`, "2022-06-12"},
		{`2016`, "2016"},
		{`1655000000`, "2022-06-12"},
		{`1655000000000`, "2022-06-12"},
		{`null`, ""},
		{`"someday"`, ""},
		{`12`, ""},
	}
	for _, tt := range tests {
		if got := jsonDate(json.RawMessage(tt.in)); got != tt.want {
			t.Errorf("jsonDate(%s) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
