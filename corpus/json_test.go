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
