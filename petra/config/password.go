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

// MinProductionHashCost is the lowest PASSWORD_HASH_COST production runs
// without a warning: bcrypt's default.
const MinProductionHashCost = 10

// checkHashCost warns when production hashes passwords faster than bcrypt's
// default allows; development may, to keep tests quick.
func (l *loader) checkHashCost(env Environment, cost int) {
	if env == Production && cost < MinProductionHashCost {
		l.warn("PASSWORD_HASH_COST %d is below %d: password hashes are cheap to crack in production", cost, MinProductionHashCost)
	}
}
