// The README's session against a running app, through a client typed by the
// app's OpenAPI document: register (its Location is the account's URL), log
// in, list the users with the access token, refresh it. Usage: node build/session.js http://127.0.0.1:PORT
import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

declare const process: { argv: string[] }; // Node's, without its type package
const baseUrl = process.argv[2];
if (!baseUrl) {
  throw new Error("usage: session.js BASE_URL");
}
const client = createClient<paths>({ baseUrl });

function check(ok: boolean, what: string): asserts ok {
  if (!ok) {
    throw new Error("session: " + what);
  }
}

const email = `ann.${Date.now()}@example.com`;
const password = "S3cret!pw";

const registered = await client.POST("/api/v1/user/registration/", {
  body: { name: "Ann", email, password },
});
check(registered.response.status === 201 && registered.data !== undefined, "registration answered " + registered.response.status);
const user: string = registered.data.user.uuid;
const location = registered.response.headers.get("Location");
check(location?.endsWith(`/api/v1/user/users/${user}`) === true, "the registration's Location is " + location);

const invalid = await client.POST("/api/v1/user/registration/", {
  body: { name: "Ann", email: "not-an-email", password },
});
check(invalid.response.status === 400 && invalid.error?.errors?.["email"] !== undefined, "an invalid email is a 400 on email");

const loggedIn = await client.POST("/api/v1/user/login/", { body: { email, password } });
check(loggedIn.data !== undefined, "login answered " + loggedIn.response.status);
const { access_token, refresh_token } = loggedIn.data;

const anonymous = await client.GET("/api/v1/user/users/", {});
check(anonymous.response.status === 401 && anonymous.error?.success === false, "the list needs a token");

const page = await client.GET("/api/v1/user/users/", {
  params: { query: { page: 1, per_page: 10 } },
  headers: { Authorization: `Bearer ${access_token}` },
});
check(page.data !== undefined, "the list answered " + page.response.status);
check(page.data.data.some((u) => u.uuid === user), "the list holds the new user");
const perPage: number = page.data.per_page;

const one = await client.GET("/api/v1/user/users/{user_id}", {
  params: { path: { user_id: user } },
  headers: { Authorization: `Bearer ${access_token}` },
});
check(one.data?.email === email, "reading the user back");

const refreshed = await client.POST("/api/v1/user/token/refresh/", { body: { refresh_token } });
check(refreshed.data !== undefined && refreshed.data.access_token.length > 0, "refresh answered " + refreshed.response.status);

console.log(`session: registered, logged in, listed ${page.data.total} user(s) ${perPage} a page, refreshed the token`);
