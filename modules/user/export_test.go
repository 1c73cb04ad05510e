package user

// SetUsernameSuffixes makes s draw the random parts of usernames from
// suffixes, in order, for tests of collisions.
func SetUsernameSuffixes(s *Store, suffixes ...string) {
	s.suffix = func() string {
		next := suffixes[0]
		if len(suffixes) > 1 {
			suffixes = suffixes[1:]
		}
		return next
	}
}
