package scheduler

func init() {
	register(&vocab{
		lang: "nl",
		words: map[string]string{
			"maandag": "monday", "maandagen": "monday", "maandags": "monday", "ma": "monday",
			"dinsdag": "tuesday", "dinsdagen": "tuesday", "dinsdags": "tuesday", "di": "tuesday",
			"woensdag": "wednesday", "woensdagen": "wednesday", "woensdags": "wednesday", "wo": "wednesday",
			"donderdag": "thursday", "donderdagen": "thursday", "donderdags": "thursday", "do": "thursday",
			"vrijdag": "friday", "vrijdagen": "friday", "vrijdags": "friday", "vr": "friday",
			"zaterdag": "saturday", "zaterdagen": "saturday", "zaterdags": "saturday", "za": "saturday",
			"zondag": "sunday", "zondagen": "sunday", "zondags": "sunday", "zo": "sunday",
			"elke": "every", "elk": "every", "iedere": "every", "ieder": "every",
			"dag": "day", "dagen": "days", "dagelijks": "daily",
			"werkdag": "weekdays", "werkdagen": "weekdays", "doordeweeks": "weekdays",
			"weekenden": "weekends",
			"weken":     "week", "wekelijks": "weekly", "tweewekelijks": "biweekly",
			"maand": "month", "maanden": "month", "maandelijks": "monthly",
			"eerste": "first", "tweede": "second", "derde": "third", "vierde": "fourth", "laatste": "last", "vijfde": "fifth",
			"t/m": "-", "op": "", "de": "", "het": "", "van": "", "en": "and",
			"eenmalig": "once", "eenmaal": "once",
			"middag": "noon", "middernacht": "midnight",
			"uur": "hour", "minuten": "minutes", "jaar": "year", "jaarlijks": "yearly",
		},
		phrases: map[string]string{
			"om de week": "other week", "om de twee weken": "other week", "om de 2 weken": "other week",
			"twee weken": "other week", "2 weken": "other week",
			"tot en met": "-", "in het weekend": "weekends",
		},
		atWords:    []string{"om"},
		rangeWords: []string{"tot"},
		fromWords:  []string{"vanaf"},
		months:     [12]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
		days:       [7]string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"},
	})
}
