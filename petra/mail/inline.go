package mail

import (
	"fmt"

	"github.com/vanng822/go-premailer/premailer"
)

// inlineCSS moves the rules of the <style> elements of an HTML document
// into the style attributes of the elements they select, with
// github.com/vanng822/go-premailer (which honours specificity and
// !important, and keeps @media rules, which cannot be inlined, in a <style>
// element), and renders the result as plain text for the text part.
func inlineCSS(doc string) (html, text string, err error) {
	p, err := premailer.NewPremailerFromString(doc, premailer.NewOptions())
	if err != nil {
		return "", "", fmt.Errorf("mail: html body: %w", err)
	}
	if html, err = p.Transform(); err != nil {
		return "", "", fmt.Errorf("mail: inline css: %w", err)
	}
	if text, err = p.TransformText(); err != nil {
		return "", "", fmt.Errorf("mail: html to text: %w", err)
	}
	return html, text, nil
}
