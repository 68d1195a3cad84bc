package scheduler

func init() {
	register(&vocab{
		lang: "es",
		words: map[string]string{
			"lunes": "monday", "lun": "monday",
			"martes": "tuesday", "mar": "tuesday",
			"miércoles": "wednesday", "mié": "wednesday",
			"jueves": "thursday", "jue": "thursday",
			"viernes": "friday", "vie": "friday",
			"sábado": "saturday", "sábados": "saturday", "sáb": "saturday",
			"domingo": "sunday", "domingos": "sunday", "dom": "sunday",
			"todos": "every", "todas": "every", "cada": "every",
			"día": "day", "días": "days", "diario": "daily", "diariamente": "daily",
			"laborables": "weekdays", "laborable": "weekdays",
			"semana": "week", "semanas": "week", "semanal": "weekly", "semanalmente": "weekly",
			"quincenal": "biweekly", "quincenalmente": "biweekly", "alternos": "alternate",
			"mes": "month", "meses": "month", "mensual": "monthly", "mensualmente": "monthly",
			"primer": "first", "primero": "first", "primera": "first",
			"segundo": "second", "tercer": "third", "tercero": "third", "tercera": "third",
			"cuarto": "fourth", "último": "last", "última": "last", "quinto": "fifth",
			"el": "", "los": "", "las": "", "la": "", "de": "", "del": "", "y": "and", "e": "and", "en": "",
			"mediodía": "noon", "medianoche": "midnight",
			"hora": "hour", "horas": "hours", "minutos": "minutes", "año": "year", "anual": "yearly",
		},
		phrases: map[string]string{
			"a las": "at", "a la": "at",
			"una vez": "once", "una sola vez": "once",
			"días laborables": "weekdays", "dias de semana": "weekdays", "entre semana": "weekdays",
			"fin de semana": "weekends", "fines de semana": "weekends",
			"dos semanas": "other week", "2 semanas": "other week",
			"a partir del": "from", "a partir de": "from",
		},
		atWords:    []string{"a"},
		rangeWords: []string{"a", "al"},
		fromWords:  []string{"desde", "del"},
		months:     [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre|setiembre", "octubre", "noviembre", "diciembre"},
		days:       [7]string{"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"},
	})
}
