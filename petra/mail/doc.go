// Package mail builds and sends e-mail: a chained builder in the manner of
// django-petra's SendMail, templates embedded in the module, CSS inlined for
// mail clients, attachments and inline images, over SMTP or, in
// development, printed instead of sent.
//
// # Building
//
// [New] starts a [Builder]; From, To, Cc, Bcc, ReplyTo, Subject, Text, HTML,
// [Builder.Render], Attach and Inline add to it, and Build or Send end it.
// A bad argument is kept as the first error and returned by Build or Send,
// so a chain needs one error check.
//
// # Templates
//
// [ParseTemplates] reads NAME.html (html/template) and NAME.txt
// (text/template) files from an fs.FS, usually an embed.FS. Render executes
// both for one NAME; the <style> rules of the HTML are inlined into style
// attributes by github.com/vanng822/go-premailer, and an HTML-only template
// gets a text part rendered from its HTML.
//
// # Sending
//
// A [Mailer] sends a [Message]. [Open] picks one from [Config], which
// [LoadConfig] reads from MAIL_MAILER (log or smtp), MAIL_HOST, MAIL_PORT,
// MAIL_USERNAME, MAIL_PASSWORD, MAIL_ENCRYPTION (none, starttls or tls),
// MAIL_FROM_ADDRESS and MAIL_FROM_NAME. [SMTP] delivers with
// github.com/wneessen/go-mail; [Log], the default, prints the MIME message.
// A Message is plain data that round-trips through JSON, which is how a
// background job carries it: petra/mail/mailjob queues and sends messages
// through petra/jobs.
package mail
