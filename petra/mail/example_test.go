package mail_test

import (
	"context"
	"fmt"
	"strings"
	"testing/fstest"

	"github.com/go-petra/petra/petra/mail"
)

func ExampleNew() {
	// In an app the templates are an embed.FS: //go:embed emails
	emails := fstest.MapFS{
		"emails/welcome.html": {Data: []byte(`<style>h1 { color: #1a73e8 }</style><h1>Hi {{.}}</h1>`)},
		"emails/welcome.txt":  {Data: []byte(`Hi {{.}}`)},
	}
	tpl := mail.MustParseTemplates(emails, "emails")

	msg, err := mail.New().
		To("Ann <ann@example.com>").
		Subject("Welcome").
		Render(tpl, "welcome", "Ann").
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(msg.To[0], "|", msg.Subject, "|", msg.Text)
	fmt.Println(strings.Contains(msg.HTML, `<h1 style="color:#1a73e8">Hi Ann</h1>`))
	// Output:
	// "Ann" <ann@example.com> | Welcome | Hi Ann
	// true
}

func ExampleOpen() {
	cfg, err := mail.LoadConfig(func(key string) (string, bool) {
		return map[string]string{"MAIL_MAILER": "log"}[key], true
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	mailer, _ := mail.Open(cfg) // MAIL_MAILER=log prints to stderr
	err = mail.New().To("ann@example.com").Subject("Hi").Text("hello").Send(context.Background(), mailer)
	fmt.Println(err)
	// Output: <nil>
}
