package config

// DefaultPasswordHashCost is bcrypt's own default cost.
const DefaultPasswordHashCost = 10

// passwordHashCost reads PASSWORD_HASH_COST, bcrypt's cost: 4 to 31, each step
// doubling the time a hash takes.
func (l *loader) passwordHashCost() int {
	const key = "PASSWORD_HASH_COST"
	n := l.integer(key, DefaultPasswordHashCost, 4)
	if n > 31 {
		l.fail(key, "%d must be 31 or less", n)
		return DefaultPasswordHashCost
	}
	return n
}
