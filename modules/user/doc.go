// Package user is the example app's accounts module, django-petra's starter in
// Go: registration, login, token refresh with rotation, logout, password change,
// and the paginated, authenticated list, retrieval and deletion of users (by the
// user themself or staff), and avatars ([WithAvatars]). Its [Store] is the
// app's auth.PrincipalLoader, runs [OnCreate] hooks in each registration's
// transaction (such as [WelcomeMail], which queues the welcome mail of
// emails/ through the jobs outbox, so it is sent once for each committed
// account and never for a rolled-back one, wherever the jobs run), and
// [CreateSuperuser] makes staff accounts.
//
// Its files carry django-petra's names: forms.go (the bodies and their clean
// hooks), views.go (the UserViewSet), urls.go (the Module), store.go with sql/
// (the queries, loaded by name) and migrations/ (the schema, per dialect);
// avatar.go and avatar_store.go hold the avatar uploads and the record of
// replaced avatars whose files are still to be deleted.
package user
