// Package user is the example app's accounts module, django-petra's starter in
// Go: registration, login, token refresh, and the paginated, authenticated list,
// retrieval and deletion of users.
//
// Its files carry django-petra's names: forms.go (the bodies and their clean
// hooks), views.go (the UserViewSet), urls.go (the Module), store.go with sql/
// (the queries, loaded by name) and migrations/ (the schema, per dialect).
package user
