package llm

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxEventBytes bounds one line of a server-sent event stream.
const maxEventBytes = 1 << 20

// readStream reads a chat-completions event stream: lines "data: {json}",
// each carrying a delta of the reply, until "data: [DONE]" or the end of the
// body. A body that ends without either and without a finish_reason was cut
// short, which is an error. It calls emit with each non-empty delta and returns the whole text.
// delivered reports whether emit was called.
func readStream(r io.Reader, emit func(string)) (text string, delivered bool, err error) {
	var b strings.Builder
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxEventBytes)
	finished := false // a finish_reason or [DONE] arrived
	for sc.Scan() {
		line := sc.Text()
		// Comments (": keep-alive"), event names, ids and blank separators
		// carry no text.
		data, ok := strings.CutPrefix(line, "data:")
		if !ok {
			continue
		}
		data = strings.TrimSpace(data)
		if data == "[DONE]" {
			finished = true
			break
		}
		if data == "" {
			continue
		}
		var ev chatResponse
		if err := json.Unmarshal([]byte(data), &ev); err != nil {
			return b.String(), delivered, fmt.Errorf("decode stream event: %w", err)
		}
		if ev.Error != nil {
			return b.String(), delivered, fmt.Errorf("server error in stream: %s", shorten(ev.Error.Message, 200))
		}
		for _, ch := range ev.Choices {
			if d := ch.Delta.Content; d != "" {
				b.WriteString(d)
				emit(d)
				delivered = true
			}
			if ch.FinishReason != "" {
				finished = true
			}
		}
	}
	if err := sc.Err(); err != nil {
		return b.String(), delivered, fmt.Errorf("read stream: %w", err)
	}
	if !finished {
		return b.String(), delivered, errors.New("stream ended before the reply was complete")
	}
	if strings.TrimSpace(b.String()) == "" {
		return "", delivered, errors.New("streamed reply is empty")
	}
	return b.String(), delivered, nil
}
