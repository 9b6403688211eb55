package llm_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"archivist/retrieval"
	"archivist/retrieval/llm"
)

func ExampleClient_Generate() {
	// A stand-in for Ollama's OpenAI-compatible API at http://localhost:11434/v1.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"choices":[{"message":{"role":"assistant","content":"Paris [1]."},"finish_reason":"stop"}]}`)
	}))
	defer srv.Close()

	client, err := llm.New(llm.Config{BaseURL: srv.URL + "/v1", Model: "llama3.1"})
	if err != nil {
		log.Fatal(err)
	}
	reply, err := client.Generate(context.Background(), retrieval.GenerateRequest{Messages: []retrieval.Message{
		{Role: "user", Content: "What is the capital of France?"},
	}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(reply)
	// Output: Paris [1].
}
