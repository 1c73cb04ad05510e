package apilog

import "github.com/go-petra/petra/petra"

// Spanish words in Spanish the messages of show-api-logs' own checks of its
// filters, for an app that answers in Spanish: pass it to petra.WithCatalog
// after petra.Spanish, which words the rest (the rules', the list's, the
// cursor's).
var Spanish = petra.NewCatalog("es", map[string]string{
	msgStatusInRange:   "El campo {field} debe enumerar códigos de estado de 100 a 599",
	msgSinceAfterUntil: "El campo {field} no debe ser posterior al campo {param}",
})
