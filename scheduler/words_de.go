package scheduler

func init() {
	register(&vocab{
		lang: "de",
		words: map[string]string{
			"montag": "monday", "montags": "monday", "mo": "monday",
			"dienstag": "tuesday", "dienstags": "tuesday", "di": "tuesday",
			"mittwoch": "wednesday", "mittwochs": "wednesday", "mi": "wednesday",
			"donnerstag": "thursday", "donnerstags": "thursday", "do": "thursday",
			"freitag": "friday", "freitags": "friday", "fr": "friday",
			"samstag": "saturday", "samstags": "saturday", "sonnabend": "saturday", "sa": "saturday",
			"sonntag": "sunday", "sonntags": "sunday", "so": "sunday",
			"einmalig": "once", "einmal": "once", "jeden": "every", "jede": "every", "jeder": "every", "jedes": "every", "alle": "every",
			"tag": "day", "tage": "days", "täglich": "daily",
			"werktags": "weekdays", "werktage": "weekdays", "werktagen": "weekdays", "werktäglich": "weekdays", "wochentags": "weekdays",
			"wochenende": "weekends", "wochenenden": "weekends",
			"woche": "week", "wochen": "week", "wöchentlich": "weekly",
			"zweiwöchentlich": "biweekly", "vierzehntägig": "biweekly", "vierzehntäglich": "biweekly",
			"monat": "month", "monats": "month", "monate": "month", "monatlich": "monthly",
			"erste": "first", "ersten": "first", "erster": "first",
			"zweite": "second", "zweiten": "second", "zweiter": "second",
			"dritte": "third", "dritten": "third", "dritter": "third",
			"vierte": "fourth", "vierten": "fourth", "vierter": "fourth",
			"letzte": "last", "letzten": "last", "letzter": "last", "fünfte": "fifth", "fünften": "fifth",
			"der": "", "die": "", "das": "", "den": "", "dem": "", "im": "", "an": "", "und": "and",
			"mittag": "noon", "mitternacht": "midnight",
			"stunde": "hour", "stündlich": "hourly", "minuten": "minutes", "jahr": "year", "jährlich": "yearly",
		},
		phrases: map[string]string{
			"zwei wochen": "other week", "2 wochen": "other week",
		},
		atWords:    []string{"um"},
		rangeWords: []string{"bis"},
		fromWords:  []string{"ab"},
		months:     [12]string{"januar|jänner", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"},
		days:       [7]string{"sonntag", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag"},
	})
}
