package scheduler

func init() {
	// "segunda", "quarta" and "quinta" are days and ordinals: see ambiguousDays.
	amb := func(day, ordinal string) string { return ambiguousMarker + day + ":" + ordinal }
	register(&vocab{
		lang: "pt-BR",
		words: map[string]string{
			"segunda-feira": "monday", "segundas-feiras": "monday", "seg": "monday",
			"segunda": amb("monday", "second"), "segundas": amb("monday", "second"),
			"terça-feira": "tuesday", "terças-feiras": "tuesday", "terça": "tuesday", "terças": "tuesday", "ter": "tuesday",
			"quarta-feira": "wednesday", "quartas-feiras": "wednesday", "qua": "wednesday",
			"quarta": amb("wednesday", "fourth"), "quartas": amb("wednesday", "fourth"),
			"quinta-feira": "thursday", "quintas-feiras": "thursday", "qui": "thursday",
			"quinta": amb("thursday", "fifth"), "quintas": amb("thursday", "fifth"),
			"sexta-feira": "friday", "sextas-feiras": "friday", "sexta": "friday", "sextas": "friday", "sex": "friday",
			"sábado": "saturday", "sábados": "saturday", "sáb": "saturday",
			"domingo": "sunday", "domingos": "sunday", "dom": "sunday",
			"todo": "every", "toda": "every", "todos": "every", "todas": "every", "cada": "every",
			"dia": "day", "dias": "days", "diariamente": "daily", "diário": "daily",
			"semana": "week", "semanas": "week", "semanal": "weekly", "semanalmente": "weekly",
			"quinzenal": "biweekly", "quinzenalmente": "biweekly", "alternadas": "alternate",
			"mês": "month", "meses": "month", "mensal": "monthly", "mensalmente": "monthly",
			"primeiro": "first", "primeira": "first", "terceiro": "third", "terceira": "third",
			"quarto": "fourth", "último": "last", "última": "last", "quinto": "fifth",
			"e": "and", "os": "", "na": "", "no": "", "nas": "", "nos": "", "em": "", "da": "", "dos": "", "das": "",
			"meio-dia": "noon", "meia-noite": "midnight",
			"hora": "hour", "horas": "hours", "ano": "year", "anual": "yearly",
		},
		phrases: map[string]string{
			"uma vez": "once", "uma única vez": "once",
			"dia útil": "weekdays", "dias úteis": "weekdays", "dias de semana": "weekdays",
			"fim de semana": "weekends", "fins de semana": "weekends",
			"duas semanas": "other week", "2 semanas": "other week",
			"do mês": "month", "a partir de": "from",
		},
		atWords:    []string{"às", "as", "a", "o"},
		rangeWords: []string{"a", "até"},
		fromWords:  []string{"desde"},
		months:     [12]string{"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
		days:       [7]string{"domingo", "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado"},
	})
}
