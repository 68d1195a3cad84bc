package scheduler

func init() {
	register(&vocab{
		lang: "fr",
		words: map[string]string{
			"lundi": "monday", "lundis": "monday", "lun": "monday",
			"mardi": "tuesday", "mardis": "tuesday", "mar": "tuesday",
			"mercredi": "wednesday", "mercredis": "wednesday", "mer": "wednesday",
			"jeudi": "thursday", "jeudis": "thursday", "jeu": "thursday",
			"vendredi": "friday", "vendredis": "friday", "ven": "friday",
			"samedi": "saturday", "samedis": "saturday", "sam": "saturday",
			"dimanche": "sunday", "dimanches": "sunday", "dim": "sunday",
			"tous": "every", "toutes": "every", "chaque": "every",
			"jour": "day", "jours": "days", "quotidien": "daily", "quotidiennement": "daily",
			"semaine": "week", "semaines": "week", "hebdomadaire": "weekly",
			"week-end": "weekends", "week-ends": "weekends",
			"mois": "month", "mensuel": "monthly", "mensuellement": "monthly",
			"premier": "first", "première": "first", "deuxième": "second", "second": "second", "seconde": "second",
			"troisième": "third", "quatrième": "fourth", "dernier": "last", "dernière": "last", "cinquième": "fifth",
			"le": "", "les": "", "l": "", "du": "", "des": "", "d": "", "et": "and", "un": "", "une": "",
			"midi": "noon", "minuit": "midnight",
			"heure": "hour", "heures": "hours", "annuel": "yearly",
		},
		phrases: map[string]string{
			"une fois": "once", "une seule fois": "once",
			"en semaine": "weekdays", "jours ouvrables": "weekdays", "jours ouvrés": "weekdays", "jours de semaine": "weekdays",
			"sur deux": "other", "deux semaines": "other week", "2 semaines": "other week",
			"à partir du": "from", "à partir de": "from",
		},
		atWords:    []string{"à", "a"},
		rangeWords: []string{"à", "au"},
		fromWords:  []string{"depuis", "dès"},
		months:     [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		days:       [7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
	})
}
