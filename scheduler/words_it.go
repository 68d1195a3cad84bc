package scheduler

func init() {
	register(&vocab{
		lang: "it",
		words: map[string]string{
			"lunedì": "monday", "lun": "monday",
			"martedì": "tuesday", "mar": "tuesday",
			"mercoledì": "wednesday", "mer": "wednesday",
			"giovedì": "thursday", "gio": "thursday",
			"venerdì": "friday", "ven": "friday",
			"sabato": "saturday", "sabati": "saturday", "sab": "saturday",
			"domenica": "sunday", "domeniche": "sunday", "dom": "sunday",
			"ogni": "every", "tutti": "every", "tutte": "every",
			"giorno": "day", "giorni": "days", "giornalmente": "daily", "quotidianamente": "daily",
			"feriali": "weekdays", "feriale": "weekdays",
			"settimana": "week", "settimane": "week", "settimanale": "weekly", "settimanalmente": "weekly",
			"alterni": "alternate", "alterne": "alternate", "quindicinale": "biweekly",
			"mese": "month", "mesi": "month", "mensile": "monthly", "mensilmente": "monthly",
			"primo": "first", "prima": "first", "secondo": "second", "seconda": "second",
			"terzo": "third", "terza": "third", "ultimo": "last", "ultima": "last",
			"il": "", "lo": "", "gli": "", "i": "and", "nei": "", "nel": "", "al": "", "e": "and", "ed": "and",
			"mezzogiorno": "noon", "mezzanotte": "midnight",
			"ora": "hour", "ore": "hours", "minuti": "minutes", "anno": "year", "annuale": "yearly",
		},
		phrases: map[string]string{
			"una volta": "once", "una sola volta": "once",
			"giorni feriali": "weekdays", "fine settimana": "weekends", "nel weekend": "weekends", "nei weekend": "weekends",
			"due settimane": "other week", "2 settimane": "other week",
			"di ogni mese": "of every month", "di ogni settimana": "", "di ogni": "every", "del mese": "of the month",
			"a partire dal": "from", "a partire da": "from",
		},
		atWords:    []string{"alle", "all", "a"},
		rangeWords: []string{"al", "a"},
		fromWords:  []string{"dal", "da"},
		months:     [12]string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"},
		days:       [7]string{"domenica", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato"},
	})
}
