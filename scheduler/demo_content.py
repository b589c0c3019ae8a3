"""Text material of the demo event: generated clusters, people and profiles (no real people)."""

from __future__ import annotations

from scheduler.models import OrganisationType as T

# (name, type, country, city, sectors) - the host first; the other clusters are fictional.
CLUSTERS = [
    (
        "VEGEPOLYS VALLEY",
        T.CLUSTER,
        "FR",
        "Angers",
        ["ornamental-horticulture", "seeds", "fruit-vegetables", "medicinal-plants"],
    ),
    ("Asturias Cider Cluster", T.CLUSTER, "ES", "Villaviciosa", ["cider", "fruit-vegetables"]),
    ("Bavarian Grain Alliance", T.CLUSTER, "DE", "Freising", ["cereals", "seeds"]),
    ("Emilia Fruit & Veg Network", T.CLUSTER, "IT", "Cesena", ["fruit-vegetables"]),
    (
        "Westland Horticulture Cluster",
        T.CLUSTER,
        "NL",
        "Naaldwijk",
        ["ornamental-horticulture", "fruit-vegetables"],
    ),
    ("Pomeranian Herbal Plants Cluster", T.CLUSTER, "PL", "Gdańsk", ["medicinal-plants"]),
    ("Flanders Mushroom Platform", T.CLUSTER, "BE", "Roeselare", ["mushrooms"]),
    ("Nordic Seed Innovation Hub", T.CLUSTER, "DK", "Odense", ["seeds", "cereals"]),
    ("Douro Vine and Wine Cluster", T.CLUSTER, "PT", "Peso da Régua", ["winegrowing"]),
    ("Thracian Aromatic Plants Cluster", T.CLUSTER, "BG", "Plovdiv", ["medicinal-plants"]),
    ("Midlands Mushroom Growers Network", T.CLUSTER, "IE", "Monaghan", ["mushrooms"]),
    ("Tokaj-Danube Winegrowing Cluster", T.CLUSTER, "HU", "Tokaj", ["winegrowing", "cider"]),
]

# Member organisations per cluster index: (name, type, city, sectors).
MEMBERS = {
    0: [
        ("Anjou Plant Genetics", T.COMPANY, "Angers", ["seeds", "ornamental-horticulture"]),
        (
            "Loire Valley Plant Research Institute",
            T.RESEARCH,
            "Beaucouzé",
            ["ornamental-horticulture", "medicinal-plants"],
        ),
        ("Maine Hydroponic Systems", T.COMPANY, "Saumur", ["fruit-vegetables"]),
        ("Pays de la Loire Regional Council", T.PUBLIC_BODY, "Nantes", []),
    ],
    1: [
        ("Sidra del Norte Cooperative", T.COMPANY, "Gijón", ["cider"]),
        ("Cantabrian Orchard Services", T.COMPANY, "Oviedo", ["cider", "fruit-vegetables"]),
        ("Asturian Agri-Food Research Centre", T.RESEARCH, "Villaviciosa", ["cider"]),
    ],
    2: [
        ("Isar Malting Barley GmbH", T.COMPANY, "Landshut", ["cereals"]),
        ("Danube Precision Farming", T.COMPANY, "Regensburg", ["cereals"]),
        ("Weihenstephan Crop Science Lab", T.RESEARCH, "Freising", ["cereals", "seeds"]),
    ],
    3: [
        ("Romagna Fresh Produce", T.COMPANY, "Forlì", ["fruit-vegetables"]),
        ("Po Valley Biocontrol", T.COMPANY, "Ferrara", ["fruit-vegetables"]),
        ("Bologna Postharvest Institute", T.RESEARCH, "Bologna", ["fruit-vegetables"]),
        ("Agrifood Growth Fund Italia", T.INVESTOR, "Milan", []),
    ],
    4: [
        ("Delta Greenhouse Climate", T.COMPANY, "Delft", ["ornamental-horticulture"]),
        ("Holland Bulb Breeders", T.COMPANY, "Lisse", ["ornamental-horticulture", "seeds"]),
        (
            "Wageningen Applied Horticulture Lab",
            T.RESEARCH,
            "Bleiswijk",
            ["ornamental-horticulture", "fruit-vegetables"],
        ),
    ],
    5: [
        ("Kashubian Herbs", T.COMPANY, "Kartuzy", ["medicinal-plants"]),
        ("Baltic Phytoextracts", T.COMPANY, "Gdynia", ["medicinal-plants"]),
        ("Gdańsk Medical Plant Laboratory", T.RESEARCH, "Gdańsk", ["medicinal-plants"]),
    ],
    6: [
        ("Westhoek Mushrooms", T.COMPANY, "Ypres", ["mushrooms"]),
        ("Substrate Circular Solutions", T.COMPANY, "Kortrijk", ["mushrooms"]),
        ("Ghent Mycology Research Unit", T.RESEARCH, "Ghent", ["mushrooms"]),
    ],
    7: [
        ("Funen Seed Technologies", T.COMPANY, "Odense", ["seeds"]),
        ("Jutland Organic Grains", T.COMPANY, "Aarhus", ["cereals"]),
        ("Danish Plant Phenotyping Centre", T.RESEARCH, "Taastrup", ["seeds", "cereals"]),
    ],
    8: [
        ("Quinta Alta Vineyards", T.COMPANY, "Pinhão", ["winegrowing"]),
        ("Douro Vineyard Robotics", T.COMPANY, "Vila Real", ["winegrowing"]),
        ("Vila Real Viticulture Institute", T.RESEARCH, "Vila Real", ["winegrowing"]),
    ],
    9: [
        ("Rose Valley Essential Oils", T.COMPANY, "Kazanlak", ["medicinal-plants"]),
        ("Rhodope Herbal Farms", T.COMPANY, "Smolyan", ["medicinal-plants"]),
        ("Plovdiv Agricultural Research Station", T.RESEARCH, "Plovdiv", ["medicinal-plants"]),
    ],
    10: [
        ("Emerald Mushroom Farms", T.COMPANY, "Cavan", ["mushrooms"]),
        ("Irish Compost Technologies", T.COMPANY, "Carrickmacross", ["mushrooms"]),
        ("Ulster Horticultural Research Centre", T.RESEARCH, "Armagh", ["mushrooms"]),
    ],
    11: [
        ("Hegyalja Wine Estates", T.COMPANY, "Tarcal", ["winegrowing"]),
        ("Pannonian Cider Works", T.COMPANY, "Nyíregyháza", ["cider"]),
        ("Eger Oenology Research Institute", T.RESEARCH, "Eger", ["winegrowing"]),
    ],
}

LANGUAGES = {
    "FR": "fr",
    "ES": "es",
    "DE": "de",
    "IT": "it",
    "NL": "nl",
    "PL": "pl",
    "BE": "nl",
    "DK": "da",
    "PT": "pt",
    "BG": "bg",
    "IE": "en",
    "GB": "en",
    "HU": "hu",
}

FIRST_NAMES = {
    "FR": ["Camille", "Julien", "Élodie", "Mathieu", "Claire", "Antoine", "Sophie", "Nicolas"],
    "ES": ["Lucía", "Javier", "Marta", "Pablo", "Elena", "Diego", "Nuria", "Álvaro"],
    "DE": ["Anna", "Lukas", "Katrin", "Felix", "Miriam", "Tobias", "Julia", "Stefan"],
    "IT": ["Giulia", "Marco", "Chiara", "Luca", "Francesca", "Davide", "Sara", "Matteo"],
    "NL": ["Sanne", "Daan", "Femke", "Joost", "Lotte", "Bram", "Eva", "Thijs"],
    "PL": ["Agnieszka", "Piotr", "Magdalena", "Tomasz", "Katarzyna", "Paweł", "Ewa", "Marcin"],
    "BE": ["Lien", "Pieter", "Nele", "Wout", "Elke", "Jonas", "Ann", "Koen"],
    "DK": ["Mette", "Rasmus", "Louise", "Anders", "Camilla", "Mikkel", "Ida", "Søren"],
    "PT": ["Inês", "João", "Mariana", "Tiago", "Beatriz", "Rui", "Ana", "Miguel"],
    "BG": ["Maria", "Georgi", "Elena", "Nikolay", "Ivana", "Dimitar", "Petya", "Stoyan"],
    "IE": ["Aoife", "Ciarán", "Niamh", "Seán", "Róisín", "Eoin", "Siobhán", "Darragh"],
    "GB": ["Ciara", "Gareth", "Orla", "Declan", "Aisling", "Ryan", "Shauna", "Conor"],
    "HU": ["Eszter", "Bence", "Zsófia", "Gergely", "Réka", "Ádám", "Katalin", "Balázs"],
}

LAST_NAMES = {
    "FR": ["Moreau", "Lefèvre", "Garnier", "Rousseau", "Fontaine", "Chevalier", "Blanchard"],
    "ES": ["Fernández", "Menéndez", "Álvarez", "Suárez", "Iglesias", "Rodríguez", "Prieto"],
    "DE": ["Huber", "Schneider", "Bauer", "Hofmann", "Wagner", "Zimmermann", "Lehmann"],
    "IT": ["Rossi", "Bianchi", "Ferrari", "Greco", "Conti", "Marchetti", "Galli"],
    "NL": ["de Vries", "Jansen", "Bakker", "Visser", "van Dijk", "Smit", "Meijer"],
    "BE": ["Peeters", "Janssens", "Maes", "Claes", "Willems", "Goossens", "Wouters"],
    "DK": ["Nielsen", "Jensen", "Hansen", "Pedersen", "Kristensen", "Larsen", "Sørensen"],
    "PT": ["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Martins"],
    "IE": ["Murphy", "Kelly", "O'Sullivan", "Walsh", "Byrne", "Ryan", "O'Brien"],
    "GB": ["McCann", "Quinn", "Hughes", "Donnelly", "McKenna", "Campbell", "Wilson"],
    "HU": ["Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss"],
}

JOB_TITLES = {
    T.CLUSTER: ["Cluster manager", "Innovation project officer", "EU projects coordinator"],
    T.COMPANY: [
        "Chief executive officer",
        "R&D manager",
        "Head of business development",
        "Technical director",
        "Product manager",
    ],
    T.RESEARCH: [
        "Senior researcher",
        "Research engineer",
        "Technology transfer officer",
        "Head of laboratory",
    ],
    T.PUBLIC_BODY: ["Innovation policy officer", "Head of agri-food unit"],
    T.INVESTOR: ["Investment manager", "Partner"],
    T.OTHER: ["Consultant"],
}

# What organisations of a sector typically offer and seek. Seek phrases of one sector are
# written to meet offer phrases of another, so recommendations have something to find.
OFFERS = {
    "cider": [
        "traditional cider apple varieties and orchard know-how",
        "pilot-scale fermentation and ageing facilities",
        "apple pomace as a raw material for food ingredients",
    ],
    "cereals": [
        "malting barley quality testing",
        "precision nitrogen management for cereals",
        "field trial networks across central Europe",
    ],
    "fruit-vegetables": [
        "postharvest storage and shelf-life testing",
        "hydroponic and vertical growing systems",
        "biocontrol solutions against fruit pests",
    ],
    "ornamental-horticulture": [
        "greenhouse climate control and energy saving",
        "plant breeding for ornamental species",
        "peat-free growing media",
    ],
    "medicinal-plants": [
        "extraction of essential oils and plant actives",
        "organic cultivation of aromatic and medicinal plants",
        "quality control of herbal raw materials",
    ],
    "mushrooms": [
        "mushroom substrate made from agricultural residues",
        "automated mushroom harvesting",
        "spent mushroom compost as a soil improver",
    ],
    "seeds": [
        "seed coating and priming technologies",
        "high-throughput plant phenotyping",
        "genomic selection services for breeders",
    ],
    "winegrowing": [
        "drone-based vineyard monitoring",
        "vineyard robotics for pruning and spraying",
        "oenology laboratory and microvinification",
    ],
}

SEEKS = {
    "cider": [
        "partners for low-alcohol fermented apple drinks",
        "precision orchard monitoring",
        "biocontrol solutions against fruit pests",
    ],
    "cereals": [
        "seed coating and priming technologies",
        "digital tools for farm data sharing",
        "buyers for organic malting barley",
    ],
    "fruit-vegetables": [
        "peat-free growing media",
        "greenhouse climate control and energy saving",
        "partners for a Horizon Europe proposal on food loss",
    ],
    "ornamental-horticulture": [
        "biocontrol solutions against fruit pests",
        "high-throughput plant phenotyping",
        "distributors in central and eastern Europe",
    ],
    "medicinal-plants": [
        "organic cultivation of aromatic and medicinal plants",
        "buyers for essential oils in the cosmetics sector",
        "quality control of herbal raw materials",
    ],
    "mushrooms": [
        "automated mushroom harvesting",
        "partners to valorise spent mushroom compost",
        "mushroom substrate made from agricultural residues",
    ],
    "seeds": [
        "field trial networks across central Europe",
        "plant breeding for ornamental species",
        "genomic selection services for breeders",
    ],
    "winegrowing": [
        "precision viticulture",
        "alternatives to copper against downy mildew",
        "vineyard robotics for pruning and spraying",
    ],
}

CLUSTER_OFFER = (
    "access to the {count} member companies and research centres of our cluster in {city}, "
    "and experience coordinating EU projects"
)
CLUSTER_SEEK = (
    "partner clusters outside {country} for an interregional innovation project in {sector}"
)

# What each member organisation offers and seeks itself (its people add their sector's
# phrases), so that no two organisations read alike.
MEMBER_PROFILES = {
    "Anjou Plant Genetics": (
        "hydrangea and rose breeding lines with a licensing programme",
        "a partner to test our varieties under northern European light",
    ),
    "Loire Valley Plant Research Institute": (
        "a phytotron and greenhouse trials on plant stress",
        "industrial partners for research on natural plant defences",
    ),
    "Maine Hydroponic Systems": (
        "turnkey hydroponic lines for salad and herb growers",
        "LED lighting makers for a joint greenhouse pilot",
    ),
    "Pays de la Loire Regional Council": (
        "regional innovation grants for plant-sector SMEs",
        "foreign companies looking for a European base in the Loire valley",
    ),
    "Sidra del Norte Cooperative": (
        "a cooperative press and cellar for protected-designation cider",
        "export partners for sparkling cider in northern Europe",
    ),
    "Cantabrian Orchard Services": (
        "orchard planting and pruning services for high-density apple trees",
        "sensor makers to monitor frost in hillside orchards",
    ),
    "Asturian Agri-Food Research Centre": (
        "a collection of 800 local apple varieties and their genetic profiles",
        "cider makers to trial new yeast strains",
    ),
    "Isar Malting Barley GmbH": (
        "contract malting for craft brewers",
        "barley growers willing to test drought-tolerant varieties",
    ),
    "Danube Precision Farming": (
        "variable-rate fertiliser maps from satellite images",
        "farm cooperatives to roll out our maps at scale",
    ),
    "Weihenstephan Crop Science Lab": (
        "root phenotyping of wheat and barley",
        "seed companies to co-fund a doctoral project on root traits",
    ),
    "Romagna Fresh Produce": (
        "year-round supply of stone fruit and kiwis to retailers",
        "packaging suppliers with compostable punnets",
    ),
    "Po Valley Biocontrol": (
        "pheromone dispensers against codling moth",
        "distributors for our dispensers in Spain and Portugal",
    ),
    "Bologna Postharvest Institute": (
        "controlled-atmosphere storage trials for fruit",
        "growers who lose fruit to storage rots",
    ),
    "Agrifood Growth Fund Italia": (
        "seed and series A funding for agri-food start-ups",
        "start-ups with a working pilot and first customers",
    ),
    "Delta Greenhouse Climate": (
        "climate computers that cut greenhouse heating by a quarter",
        "growers to host a demonstration greenhouse",
    ),
    "Holland Bulb Breeders": (
        "tulip and lily bulbs bred for disease resistance",
        "propagation partners for virus-free planting stock",
    ),
    "Wageningen Applied Horticulture Lab": (
        "trials of biological control in greenhouse vegetables",
        "companies with new biostimulants to test",
    ),
    "Kashubian Herbs": (
        "certified organic chamomile and peppermint",
        "buyers of dried herbs for tea blends",
    ),
    "Baltic Phytoextracts": (
        "supercritical CO2 extraction on a contract basis",
        "growers of sea buckthorn and other Baltic berries",
    ),
    "Gdańsk Medical Plant Laboratory": (
        "analysis of active compounds to pharmacopoeia standards",
        "herb producers who need certified analyses",
    ),
    "Westhoek Mushrooms": (
        "oyster and shiitake mushrooms for restaurants",
        "chefs and wholesalers in France and the Netherlands",
    ),
    "Substrate Circular Solutions": (
        "mushroom substrate made from brewery grains",
        "breweries with spent grain to recycle",
    ),
    "Ghent Mycology Research Unit": (
        "a strain collection of edible and medicinal fungi",
        "partners for a project on mycelium-based materials",
    ),
    "Funen Seed Technologies": (
        "organic seed treatments that replace chemical coatings",
        "vegetable seed companies to validate our treatments",
    ),
    "Jutland Organic Grains": (
        "organic oats and rye for food processors",
        "millers and bakers who want traceable organic grain",
    ),
    "Danish Plant Phenotyping Centre": (
        "drone and field-scanner phenotyping campaigns",
        "breeders who need trait data from field trials",
    ),
    "Quinta Alta Vineyards": (
        "terraced vineyards open to field trials",
        "partners to reduce water use on steep slopes",
    ),
    "Douro Vineyard Robotics": (
        "an autonomous robot that sprays terraced vineyards",
        "wine estates to test the robot for a season",
    ),
    "Vila Real Viticulture Institute": (
        "a collection of indigenous Portuguese grape varieties",
        "estates to plant heat-tolerant varieties in trials",
    ),
    "Rose Valley Essential Oils": (
        "steam-distilled rose oil from the Kazanlak valley",
        "perfume houses looking for traceable rose oil",
    ),
    "Rhodope Herbal Farms": (
        "wild-harvested and cultivated mountain herbs",
        "drying equipment suppliers for a new processing line",
    ),
    "Plovdiv Agricultural Research Station": (
        "variety trials of lavender and oil-bearing rose",
        "partners for a Horizon Europe proposal on aromatic crops",
    ),
    "Emerald Mushroom Farms": (
        "button mushrooms for supermarket chains in Ireland and the UK",
        "automation to pick mushrooms with fewer seasonal workers",
    ),
    "Irish Compost Technologies": (
        "phase III mushroom compost delivered across Ireland",
        "peat-free casing materials",
    ),
    "Ulster Horticultural Research Centre": (
        "trials of mushroom casing without peat",
        "growers on both sides of the border for joint trials",
    ),
    "Hegyalja Wine Estates": (
        "Tokaji sweet wines and a cellar for research visits",
        "partners to monitor noble rot with sensors",
    ),
    "Pannonian Cider Works": (
        "craft cider from old Hungarian apple varieties",
        "orchards with unsprayed old varieties to supply us",
    ),
    "Eger Oenology Research Institute": (
        "a sensory panel and wine analysis laboratory",
        "wineries to test low-sulphite winemaking",
    ),
}

# Organisations in another country than their cluster's (Armagh is in Northern Ireland).
MEMBER_COUNTRIES = {"Ulster Horticultural Research Centre": "GB"}

# Country calling codes, by ISO 3166-1 alpha-2 code.
PHONE_CODES = {
    "FR": 33,
    "ES": 34,
    "DE": 49,
    "IT": 39,
    "NL": 31,
    "PL": 48,
    "BE": 32,
    "DK": 45,
    "PT": 351,
    "BG": 359,
    "IE": 353,
    "GB": 44,
    "HU": 36,
}

# Polish and Bulgarian surnames take the gender of the person: (masculine, feminine).
GENDERED_LAST_NAMES = {
    "PL": [
        ("Nowak", "Nowak"),
        ("Kowalski", "Kowalska"),
        ("Wiśniewski", "Wiśniewska"),
        ("Zieliński", "Zielińska"),
        ("Lewandowski", "Lewandowska"),
        ("Kamiński", "Kamińska"),
        ("Wójcik", "Wójcik"),
    ],
    "BG": [
        ("Ivanov", "Ivanova"),
        ("Petrov", "Petrova"),
        ("Georgiev", "Georgieva"),
        ("Dimitrov", "Dimitrova"),
        ("Stoyanov", "Stoyanova"),
        ("Kolev", "Koleva"),
        ("Todorov", "Todorova"),
    ],
}
FEMININE_FIRST_NAMES = {
    "Agnieszka",
    "Magdalena",
    "Katarzyna",
    "Ewa",
    "Maria",
    "Elena",
    "Ivana",
    "Petya",
}

ORGANISATION_KINDS = {
    T.COMPANY: "a company",
    T.RESEARCH: "a research centre",
    T.PUBLIC_BODY: "a public body",
    T.INVESTOR: "an investment fund",
    T.OTHER: "an organisation",
}
CLUSTER_DESCRIPTION = (
    "The {sectors} cluster of its region, in {city}: {count} member companies, growers and "
    "research centres that build innovation projects together."
)
MEMBER_DESCRIPTION = "{kind} in {city}, member of {cluster}. It offers {offer}."


# The event's texts in French, as the host cluster writes them: (title, description) by the
# English title. The demo's pages and emails in French then read French throughout.
EVENT_DESCRIPTION_FR = (
    "Chaque année, les membres d'une douzaine de clusters européens du végétal se retrouvent "
    "à Angers, accueillis par VEGEPOLYS VALLEY, pour monter ensemble des projets d'innovation "
    "européens : cidre, céréales, fruits et légumes, horticulture ornementale, plantes "
    "médicinales, champignons, semences et viticulture.\n\n"
    "Trois jours de plénières, d'ateliers thématiques, une visite de site, un dîner réseau et "
    "deux sessions de rendez-vous d'affaires planifiés à l'avance."
)
ITEMS_FR = {
    "Welcome and opening plenary: plant clusters in Europe in 2027": (
        "Accueil et plénière d'ouverture : les clusters du végétal en Europe en 2027",
        "Le cluster hôte et le comité de pilotage du réseau présentent l'agenda d'innovation "
        "de l'année et les appels auxquels le réseau répondra ensemble.",
    ),
    "Biocontrol and low-input crop protection": (
        "Biocontrôle et protection des cultures à bas intrants",
        "Résultats d'essais et voies réglementaires pour les produits de biocontrôle.",
    ),
    "Digital agriculture: sensors, drones and data sharing": (
        "Agriculture numérique : capteurs, drones et partage des données",
        "Ce que les producteurs attendent des outils de données, et comment les partager "
        "équitablement.",
    ),
    "Horizon Europe Cluster 6: building a consortium": (
        "Horizon Europe Cluster 6 : monter un consortium",
        "De l'idée au consortium : rôles, budget et regard des évaluateurs.",
    ),
    "Network dinner at the Château du Plessis-Macé": (
        "Dîner réseau au château du Plessis-Macé",
        "Dîner de produits régionaux ; départ des cars devant le centre à 19 h.",
    ),
    "Funding European innovation projects: programmes and tips": (
        "Financer des projets d'innovation européens : programmes et conseils",
        "Horizon Europe, Interreg et les groupes opérationnels du PEI-AGRI comparés.",
    ),
    "Water and climate resilience in specialised crops": (
        "Eau et résilience climatique des cultures spécialisées",
        "Irrigation, variétés tolérantes à la sécheresse et ombrage.",
    ),
    "Seeds and plant genetic resources": (
        "Semences et ressources génétiques végétales",
        "Banques de gènes, nouvelles techniques génomiques et droits des obtenteurs.",
    ),
    "Medicinal and aromatic plants: building value chains": (
        "Plantes à parfum, aromatiques et médicinales : construire des filières",
        "De la culture biologique aux extraits certifiés ; en parallèle de la session B2B.",
    ),
    "Site visit: Campus du Végétal and an experimental station": (
        "Visite : le Campus du Végétal et une station d'expérimentation",
        "Serres de recherche, plateforme de phénotypage et parcelles d'essai d'un semencier.",
    ),
    "Closing plenary: projects born this week": (
        "Plénière de clôture : les projets nés cette semaine",
        "Chaque cluster présente les idées de projets que ses membres vont porter.",
    ),
    "Farewell lunch": (
        "Déjeuner de clôture",
        "Un déjeuner debout avant le départ des cars pour la gare d'Angers.",
    ),
    "Coffee break": (
        "Pause café",
        "Café, thé et jus de pomme d'Anjou près des stands des partenaires.",
    ),
    "Lunch": (
        "Déjeuner",
        "Un buffet de produits régionaux ; les plats végétariens et végétaliens sont indiqués.",
    ),
}
SESSIONS_FR = {
    "B2B session 1": "Rendez-vous d'affaires, session 1",
    "B2B session 2": "Rendez-vous d'affaires, session 2",
}
