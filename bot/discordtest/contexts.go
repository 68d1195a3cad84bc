package discordtest

// CommandInstallation returns where a registered global command may be
// used, as Kindred last synced it: its contexts (0 server, 1 bot DM,
// 2 group DM) and integration types (0 server install, 1 user install).
// Missing fields come back nil; an unknown command reports false.
func (s *Server) CommandInstallation(name string) (contexts, integrationTypes []int, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.globalCmds {
		if c["name"] != name {
			continue
		}
		return ints(c["contexts"]), ints(c["integration_types"]), true
	}
	return nil, nil, false
}

func ints(v any) []int {
	list, _ := v.([]any)
	var out []int
	for _, x := range list {
		out = append(out, toInt(x))
	}
	return out
}
