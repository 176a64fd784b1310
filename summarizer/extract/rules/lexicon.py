"""Cue lexicons of the rules backend, French first, English second.

Patterns are compiled regexes over a lower-cased sentence with straight
apostrophes. Keeping them here, apart from the logic, lets a sales team tune
vocabulary without touching the extractor.
"""

from __future__ import annotations

import re

from summarizer.crc import MeetingType


def rx(*parts: str) -> re.Pattern[str]:
    """One alternation over lower-cased text: case-sensitive matching is three times faster than ``re.I``."""
    return re.compile("|".join(f"(?:{p})" for p in parts))


#: a month name as a whole word ("mai", never the start of "maintenant" or "maison")
MONTHS = r"\b(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b"

# --- things that must never become decisions or commitments ------------------

WISH = rx(
    r"\bce serait (bien|top|génial|super|idéal|chouette|intéressant)",
    r"\bça serait (bien|top|génial|super|idéal|chouette|intéressant)",
    r"\bun jour\b", r"\bidéalement\b", r"\bà terme,? peut-être", r"\bj'aimerais bien\b", r"\bon rêve",
    r"\bit would be (nice|great|good)", r"\bsomeday\b", r"\bone day\b", r"\bideally\b", r"\bi'd love\b",
)
HYPOTHETICAL = rx(
    r"\bsi jamais\b", r"\bsi (le|la|les|on|vous|nous|ça|jamais|par hasard|un jour)\b.*\b(pourrait|pourrions|pourriez|serait|faudrait|aurait|ferait|irait)",
    r"\bsi (on|vous|nous) (part|partez|partons|signe|signez|signons|prend|prenez|prenons|engage|engagez)\b",
    r"\béventuellement\b", r"\bpeut-être qu'on pourrait", r"\bon pourrait (imaginer|envisager)", r"\ben théorie\b",
    r"\bif (we|you|the|budget|it)\b.*\b(could|would|might)\b", r"\bhypothetically\b", r"\bmaybe we could\b",
)
VAGUE = rx(
    r"\bà l'occasion\b", r"\bon verra\b", r"\bfaudra qu'on en (re)?parle", r"\bquand on aura le temps",
    r"\bun de ces jours\b", r"\bon en reparle(ra)?\b(?!.*\b(le|lundi|mardi|mercredi|jeudi|vendredi)\b)",
    r"\bsome ?time\b", r"\bat some point\b", r"\bwe'll see\b",
)
QUESTION_START = rx(r"^(est-ce que|est ce que|pourriez-vous|pouvez-vous|vous pourriez|vous pouvez|tu peux|tu pourrais|"
                     r"qu'est-ce que|quand est-ce|est-ce qu'on|on pourrait|could you|can you|would you|do you|shall we|will you)\b")
ACCEPT = rx(
    r"^(oui|ouais|d'accord|ok|okay|entendu|ça marche|pas de (souci|soucis|problème)|sans problème|bien sûr|"
    r"c'est noté|noté|avec plaisir|parfait|tout à fait|volontiers|je m'en occupe|je vous (l'|les |le |la )?envoie|"
    r"yes|sure|of course|no problem|will do|absolutely|certainly|sounds good|deal)\b"
)
#: "..., ça vous va ?": a proposal, not a real question
QUESTION_TAG = re.compile(r"[,.]\s*(ça vous (va|irait|convient)|ça te va|d'accord|ok|non|c'est bon|ça marche|vous êtes d'accord|"
                          r"right|ok|does that work( for you)?|is that ok|sounds good)\s*\?\s*$")
#: verbs too vague to make an undated next step
WEAK_VERBS = re.compile(r"\b(je|j'|on|nous)\s+(vais |va |allons )?(le |la |l'|les |vous |en |y )?(vois|voir|regarde\w*|réfléchi\w*|pense\w*|essai\w*|"
                        r"fais|fait|faire|tout faire|dis|dire|sais|crois|mets|mettre|être|suis|est|sommes|avoir|ai|a|avons|parler|parle|"
                        r"commence\w*|check|look|think|try|be|have|talk)\b")
REFUSE = rx(r"^(non|pas (tout de suite|maintenant|sûr)|je ne (sais|pense) pas|difficile|no\b|not (now|sure))")

# --- decisions ----------------------------------------------------------------

DECISION = rx(
    r"\bon part sur\b", r"\bon partirait sur\b", r"\bc'est validé\b", r"\bon valide\b", r"\bje valide\b", r"\bnous validons\b",
    r"\bon retient\b", r"\bnous retenons\b", r"\bje retiens\b", r"\bd'accord (sur|pour)\b", r"\bon est d'accord (sur|pour)\b",
    r"\bc'est acté\b", r"\bon acte\b", r"\bacté\b", r"\bc'est décidé\b", r"\bon a décidé\b", r"\bnous avons décidé\b",
    r"\bj'ai décidé\b", r"\bgo pour\b", r"\bon y va (pour|avec)\b", r"\bon opte pour\b", r"\bon choisit\b",
    r"\bon signe\b", r"\bon garde\b", r"\bc'est ok pour\b", r"\bc'est bon pour\b", r"\bfeu vert\b", r"\bon lance\b",
    r"\bon prend (la|le|l')\b", r"\badjugé\b", r"\bon confirme\b", r"\bje confirme\b", r"\bc'est entendu pour\b",
    r"\bon s'engage\b", r"\bvalidé pour\b", r"\bon maintient\b", r"\bon reconduit\b", r"\bon renouvelle\b", r"\bon reste sur\b", r"\bon fait (la|le|une|un) (démo|pilote|poc|atelier|test)\b",
    r"\bon (déploie|étend|démarre|commande|bascule|généralise)\b", r"\bnous (déployons|démarrons|commandons)\b",
    r"\bwe('ll| will)? go with\b", r"\bwe('re| are) going with\b", r"\bagreed\b", r"\bwe decided\b", r"\bwe('ve| have) decided\b",
    r"\blet's go (with|for)\b", r"\bapproved\b", r"\bdeal on\b", r"\bwe('ll| will) sign\b", r"\bwe confirm\b", r"\bwe('re| are) in\b",
    r"\bwe('ll| will) move forward with\b", r"\bwe('ll| will)? go ahead with\b", r"\blet's go ahead\b", r"\bgreen light\b",
)

# --- commitments ---------------------------------------------------------------

#: first person doing something: the speaker owns it
FIRST_SINGULAR = rx(r"\b(je|j'|moi|i|i'll)\b")

SEND_VERBS = (
    r"envo[iy]\w*|enverr\w*|renvo[iy]\w*|renverr\w*|transmet\w*|transmis\w*|fais parvenir|fait parvenir|ferai parvenir|fera parvenir|faire parvenir|"
    r"partag\w*|adress\w*|prépar\w*|joins|joindre|rédig\w*|fournir|fourni\w*|remont\w*|mett\w* à disposition|"
    r"send\w*|sent|share\w*|prepare\w*|forward\w*|draft\w*|provide\w*"
)
ACTION_VERBS = (
    r"cal\w+|organis\w*|planifi\w*|program\w*|reviens|reviendr\w*|revenir|rappel\w*|appel\w*|valid\w*|"
    r"présent\w*|fais|fait|ferai|fera|faire|lanc\w*|install\w*|configur\w*|ouvr\w*|vérifi\w*|check\w*|regard\w*|"
    r"m'occupe|s'occupe|occuper|me charge|se charge|charger|bloqu\w*|réserv\w*|convi\w*|invit\w*|mets en place|mettre en place|"
    r"relanc\w*|consult\w*|soumett\w*|soumet|récupér\w*|confirm\w*|inscri\w*|"
    r"schedul\w*|set up|book\w*|call\w*|review\w*|follow up|get back|run|loop in|invite\w*|arrange\w*|confirm\w*"
)
COMMIT_MARKERS = rx(
    r"\b(je|j'|on|nous)\s+(vous |te |lui |leur |nous |me |m'|vous le |vous la |vous les |le |la |les |l')?(" + SEND_VERBS + "|" + ACTION_VERBS + r")\b",
    r"\b(je|on|nous)\s+(vais|va|allons)\s+(vous |te |lui |leur |nous |le |la |les |l')?\w+",
    r"\b(je|on|nous)\s+(m'en|s'en|en)\s+occup\w*",
    r"\b(je|on|nous)\s+(me|se|nous)\s+charg\w*",
    r"\bje\s+m'engage\b",
    r"\b(i|we)('ll| will| am going to| are going to| can)\s+(" + SEND_VERBS + "|" + ACTION_VERBS + r")\b",
    r"\b(i|we)('ll| will)\b",
    r"\bvous (nous |me |m')?(" + SEND_VERBS + r")\b", r"\bvous (nous |me )?(faites|ferez) parvenir\b",
    r"\bvous (vous )?(occupez|chargez|calez|organisez|validez|revenez|confirmez|lancez|reviendrez|enverrez|transmettrez)\b",
    r"\btu (m'|nous )?(" + SEND_VERBS + "|" + ACTION_VERBS + r")\b",
    r"\byou('ll| will)\s+(" + SEND_VERBS + "|" + ACTION_VERBS + r")\b",
)
REQUEST = rx(
    r"\b(vous pouvez|vous pourriez|pouvez-vous|pourriez-vous|tu peux|tu pourrais|est-ce que vous (pouvez|pourriez)|"
    r"je vous laisse|je compte sur vous pour|could you|can you|would you)\b"
    r"|\bmerci de (nous |me )?(" + SEND_VERBS + r"|confirmer|valider|retourner|compléter|signer)\b"
)
#: actions concrete enough to stand as a next step without a date
STRONG_ACTION = re.compile(
    r"\b(je|j'|on|nous|i'll|we'll|i will|we will|i can|we can)\s+(vais |va |allons )?(vous |te |lui |leur |nous |le |la |les |l'|vous la |vous le |vous les |you |it |them )?"
    r"(" + SEND_VERBS + r"|cal\w+|organis\w*|planifi\w*|program\w*|reviens|reviendr\w*|revenir|rappel\w*|lanc\w*|install\w*|"
    r"configur\w*|ouvr\w*|vérifi\w*|bloqu\w*|réserv\w*|convi\w*|invit\w*|relanc\w*|soumett\w*|soumet|présente\w*|valide\w*|"
    r"corrig\w*|m'occupe|m'en occupe|me charge|lui demande|leur demande|fais un retour|ferai un retour|faire un retour|fais le point|"
    r"complete\w*|get you|introduce\w*|organi[sz]e\w*|"
    r"mets en place|mettre en place|schedul\w*|set up|book\w*|arrange\w*|follow up|get back)\b",
)
SEND_RX = re.compile(r"\b(" + SEND_VERBS + r")\b")

#: nouns that make a commitment a deliverable (someone sends a thing)
DELIVERABLE_NOUNS = rx(
    r"\bproposition\b", r"\bdevis\b", r"\bcontrat\b", r"\boffre\b", r"\bprésentation\b", r"\bsupport\b", r"\bdeck\b",
    r"\bcompte[- ]rendu\b", r"\bcahier des charges\b", r"\bfichier\b", r"\bvolumes?\b", r"\bliste\b", r"\brapport\b",
    r"\bplanning\b", r"\bmaquette\b", r"\bdocument\w*\b", r"\bversion\b", r"\bgrille\b", r"\broi\b", r"\bétude\b",
    r"\bchiffrage\b", r"\baccès\b", r"\bexport\b", r"\bdonnées\b", r"\bbon de commande\b", r"\bannexe\b", r"\bdpa\b",
    r"\bfiche\b", r"\bplan\b", r"\bcomparatif\b", r"\bbilan\b", r"\bscript\b", r"\benregistrement\b", r"\bréférences?\b",
    r"\btarif\w*\b", r"\bestimation\b", r"\bcalendrier\b", r"\bprocédure\b", r"\bquestionnaire\b", r"\bcas client\b",
    r"\bproposal\b", r"\bquote\b", r"\bcontract\b", r"\bdeck\b", r"\breport\b", r"\bfile\b", r"\bdata\b", r"\bdocument\w*\b",
    r"\bsummary\b", r"\bpricing\b", r"\bestimate\b", r"\bcase stud\w+\b", r"\baccess\b", r"\bspreadsheet\b", r"\blist\b",
)
MEETING_NOUNS = rx(r"\b(démo|réunion|rendez-vous|atelier|comité|call|point|visite|présentation|meeting|demo|workshop|session)\b")
FORMATS = rx(r"\bpdf\b", r"\bexcel\b", r"\bxlsx?\b", r"\bpowerpoint\b", r"\bppt\b", r"\bword\b", r"\bcsv\b",
              r"\bversion (rouge|révisée|track changes)\b", r"\bpar (e-?mail|mail|courrier)\b", r"\bsous docusign\b")

# --- risks -----------------------------------------------------------------------

RISK_CUES = rx(
    r"\brisque\w*", r"\binqui[eè]t\w*", r"\bproblème\b", r"\bbloquant\w*", r"\b(est|sont|reste|restons|sommes|serait|serons) bloqué\w*", r"\bfrein\w*", r"\bpoint d'attention\b",
    r"\bpas encore (validé|arbitré|budgété|signé|tranché|décidé)", r"\bdépend\w*", r"\bpas sûr\w*", r"\bcrainte\w*",
    r"\bcompliqué\b", r"\bdifficile\b", r"\battention\b", r"\bcontrainte\w*", r"\bréserve\w*", r"\ben attente\b",
    r"\bpas (encore )?arbitré", r"\ben (cours d')?arbitrage", r"\bincertain\w*", r"\btant que\b", r"\bsous réserve\b", r"\bpas avant\b", r"\bprendre du retard\b", r"\ben retard sur\b", r"\bretard (de|sur|dans) (le|la|les)\b",
    r"\bgel\w*\b", r"\bconcurren\w+", r"\bappel d'offres\b", r"\bon regarde aussi\b", r"\bd'autres solutions\b",
    r"\bpas budgété\b", r"\bhors budget\b", r"\bpas (le|de) budget\b", r"\bvalidation (juridique|de la dsi|du rssi|sécurité)\b",
    r"\bvigilan\w+", r"\bne (fonctionne|marche|couvre|passe) pas\b", r"\b(premier|deuxième|second|troisième|gros|principal|autre) écart\b", r"\bécarts? (fonctionnels?|techniques?|bloquants?)\b", r"\bne signer\w* (rien|pas)\b",
    r"\bsans ça\b", r"\bon ne sait pas\b", r"\bplus (dur|difficile|compliqué)\b", r"\bon ne (peut|pourra) pas\b", r"\bautre prestataire\b", r"\bmoins chère?\b", r"\bapproché\w*", r"\bcontenir (les|nos) (dépenses|coûts)\b", r"\bsi (ce n'est|c'est) pas (fait|installé|livré|signé|validé|prêt)\b", r"\bce sera pour\b", r"\bimpossible\b", r"\ble seul créneau\b", r"\bclôturé\b", r"\bje perds\b", r"\bpas toujours (très )?(rapides?|réactifs?)\b",
    r"\b(encore )?à valider par\b", r"\bil faut que (notre|le|la|nos) (juriste|dsi|daf|dpo|rssi|comité|direction|service)\w* (valide|signe|donne)",
    r"\btant que .* pas\b", r"\bpas de visibilité\b", r"\bsous tension\b", r"\bcraind\w+", r"\bméfian\w+", r"\bpas gagné\b", r"\bserré\b", r"\bfermeture\b",
    r"\brisk\w*\b", r"\bconcern\w*\b", r"\bworr\w+\b", r"\bblock\w*\b", r"\bdepend\w*\b", r"\bnot (yet )?(approved|budgeted|signed)\b", r"\b(isn't|aren't) (yet )?approved\b", r"\bcheaper\b", r"\b(has|have) to pass\b", r"\bmust pass\b", r"\bwe need (soc|iso)\b",
    r"\bcompetit\w+\b", r"\bdelay\w*\b", r"\btight\b", r"\bissue\b", r"\bchalleng\w+\b",
)
RISK_CATEGORIES: dict[str, re.Pattern[str]] = {
    "budget": rx(r"\bbudget\w*", r"\bcoût\w*", r"\bcher\b", r"\bprix\b", r"\benveloppe\b", r"\bdépenses?\b", r"\bfinanc\w+",
                  r"\bdaf\b", r"\bcfo\b", r"\barbitr\w+", r"\benveloppe\b", r"\bclôtur\w+", r"\bsubvention\w*", r"\bretour sur investissement\b", r"\broi\b", r"\bcost\w*\b", r"\bprice\w*\b", r"\bexpensive\b"),
    "legal": rx(r"\bjuridique\w*", r"\bclause\w*", r"\bcontrat\w*", r"\brgpd\b", r"\bdpa\b", r"\bpénalité\w*", r"\bconformité\b",
                 r"\bavocat\w*", r"\blégal\w*", r"\bjuriste\w*", r"\bdpo\b", r"\bsigner\w*", r"\blegal\b", r"\bgdpr\b", r"\bcompliance\b", r"\bcontract\w*\b", r"\blawyer\w*\b"),
    "it_security": rx(r"\bdsi\b", r"\bsécurité\b", r"\bsso\b", r"\bhébergement\b", r"\bcloud\b", r"\bintégration\w*", r"\bapi\b",
                       r"\brssi\b", r"\bpentest\w*", r"\bhds\b", r"\berp\b", r"\binformatique\b", r"\bsystème d'information\b",
                       r"\bconnecteur\w*", r"\bdonnées de santé\b", r"\bwi-?fi\b", r"\bréseau\b", r"\binterface\b", r"\baccès\b", r"\bprestataire informatique\b", r"\bsecurity\b", r"\bit team\b", r"\bintegration\w*\b", r"\bsap\b"),
    "planning": rx(r"\bdélai\w*", r"\bplanning\b", r"\bprendre du retard\b", r"\ben retard sur\b", r"\bretard (de|sur|dans) (le|la|les)\b", r"\bcalendrier\b", r"\bfermeture\b", r"\bcongés\b",
                    r"\bpas avant\b", r"\bcharge\b", r"\bcréneau\b", r"\barrêt technique\b", r"\bimpossible\b", r"\brapides?\b", r"\bdisponibilit\w+", r"\bpériode\b", MONTHS,
                    r"\btimeline\b", r"\bdeadline\b", r"\bdelay\w*\b", r"\bschedule\b", r"\bbandwidth\b"),
    "competition": rx(r"\bconcurren\w+", r"\bappel d'offres\b", r"\bon regarde aussi\b", r"\bd'autres (solutions|éditeurs|prestataires)\b",
                       r"\bautre (solution|éditeur|prestataire)\b", r"\bapproché\w*", r"\bmoins chère?\b", r"\bbenchmark\w*", r"\bcomparer\b", r"\bcompetit\w+\b", r"\brfp\b",
                       r"\bother vendors?\b"),
}
MITIGATION = rx(
    r"\bpour (lever|rassurer|sécuriser|limiter|réduire|contourner|débloquer|anticiper)\b", r"\bplan de levée\b",
    r"\bon (peut|pourra|va) (proposer|prévoir|organiser|faire|fournir|vous proposer|mettre)\b", r"\bje vous propose\b",
    r"\bnous (pouvons|proposons)\b", r"\bon propose\b", r"\bla solution\b", r"\bpour y remédier\b", r"\bon a prévu\b",
    r"\bnotre (dsi|équipe|rssi|juriste|service juridique) (peut|va|pourra)\b", r"\bon s'engage\b", r"\bclause de sortie\b",
    r"\bto mitigate\b", r"\bwe can (offer|provide|propose|arrange|set up)\b", r"\bto address (this|that)\b", r"\bwe('ll| will) (provide|offer)\b",
)
SEVERITY_HIGH = rx(r"\bbloquant\w*", r"\bcritique\b", r"\brédhibitoire\b", r"\bimpossible\b", r"\bpas de budget\b", r"\bgel\w*\b",
                    r"\bmajeur\w*", r"\bblocker\b", r"\bcritical\b", r"\bdeal[- ]breaker\b", r"\bshow[- ]?stopper\b")
SEVERITY_LOW = rx(r"\bpetit\w*", r"\bléger\w*", r"\bmineur\w*", r"\bminor\b", r"\bsmall\b", r"\bslight\w*\b")

# --- facts ----------------------------------------------------------------------

FIGURE = re.compile(
    r"\b\d[\d  .,]*\s?(%|€|k€|m€|euros?|ke|k|millions?|milliards?|camions?|véhicules?|sites?|dépôts?|agences?|salariés?|"
    r"collaborateurs?|personnes?|utilisateurs?|licences?|postes?|chauffeurs?|lits?|clients?|commandes?|heures?|jours?|"
    r"mois|ans|semaines?|tournées?|factures?|lignes?|points? de vente|magasins?|usines?|entrepôts?|références?|colis|"
    r"tonnes?|hectolitres?|litres?|pts?|points?|users?|employees?|trucks?|stores?|hours?|days?|months?|years?|seats?)\b",
    re.I,
)
PAIN = rx(
    r"\bon perd\b", r"\bperte\w*", r"\bgalèr\w+", r"\btrop de temps\b", r"\bà la main\b", r"\bmanuel\w*", r"\bexcel\b",
    r"\berreurs?\b", r"\bpas de visibilité\b", r"\bdouleur\b", r"\bpain\b", r"\bfrustr\w+", r"\bressaisi\w*", r"\bretards?\b",
    r"\bplaintes?\b", r"\bsaturé\w*", r"\bcompliqué\b", r"\bproblème\b", r"\bon n'arrive pas\b", r"\bcoûte\b",
    r"\bwaste\w*\b", r"\bmanual\w*\b", r"\berrors?\b", r"\bno visibility\b", r"\bstruggl\w+\b", r"\bpainful\b",
)
CRITERIA = rx(
    r"\bcritère\w*", r"\bce qui compte\b", r"\bimportant pour nous\b", r"\bprioritaire\b", r"\bpriorité\b", r"\bindispensable\b",
    r"\bobligatoire\b", r"\bil nous faut\b", r"\bon a besoin\b", r"\bnous avons besoin\b", r"\bexigence\w*", r"\bimpératif\b",
    r"\bmust[- ]have\b", r"\bcriteria\b", r"\bwhat matters\b", r"\bwe need\b", r"\brequirement\w*\b", r"\bpriority\b",
)
DECISION_PROCESS = rx(
    r"\bcomité\b", r"\bc'est (le|la) \w+ qui (décide|valide|signe|tranche)\b", r"\bqui (décide|valide|signe|tranche)\b",
    r"\bdirection générale\b", r"\bcodir\b", r"\bcomex\b", r"\bconseil d'administration\b", r"\bachats\b", r"\bsignature\b",
    r"\bdécideur\w*", r"\bdécision finale\b", r"\bvalidation (finale|budgétaire)\b",
    r"\bcommittee\b", r"\bboard\b", r"\bdecision[- ]maker\w*\b", r"\bprocurement\b", r"\bsign[- ]off\b", r"\bapproval\b",
)
RESULT = rx(r"\bdisponibilité\b", r"\bnps\b", r"\btaux\b", r"\bgain\w*\b", r"\bréduction\b", r"\bbaiss\w*", r"\bhausse\b", r"\baugment\w*",
             r"\brésolu\w*", r"\bpremier poste\b",
             r"\bprogress\w+\b", r"\bsatisfaction\b", r"\buptime\b", r"\bsaved\b", r"\bimprove\w*\b")

# --- objections, attachments, participants ---------------------------------------

OBJECTION = rx(
    r"\bc'est cher\b", r"\btrop cher\b", r"\bau-dessus de\b", r"\bpas convaincu\w*", r"\bça m'inquiète\b", r"\bon a déjà\b",
    r"\bmauvaise expérience\b", r"\bpas le moment\b", r"\bje ne vois pas\b", r"\bje doute\b", r"\bpas sûr que\b",
    r"\bvos concurrents\b", r"\bmoins cher\b", r"\bça ne (passera|passe) pas\b", r"\bhors de question\b", r"\bpas prêt\w*\b",
    r"\btoo expensive\b", r"\bnot convinced\b", r"\bwe already have\b", r"\bbad experience\b", r"\bcheaper\b", r"\bnot sure\b",
)
ATTACHMENT = re.compile(
    r"\b(je vous (joins|mets en (pièce jointe|copie))|en pièce jointe|ci-joint|je vous partage|je vous laisse|"
    r"(l'|un |une |le |la )(enregistrement|présentation|support de présentation|deck|script de test|rapport mensuel|compte rendu|"
    r"accès (à la )?sandbox|étude de cas|cas client|fiche produit|grille tarifaire|plaquette|documentation)|"
    r"(i'll )?attach\w*|the (recording|deck|slides|case study|report))",
    re.I,
)
ATTACHMENT_NOUN = re.compile(
    r"(enregistrement( de la démo)?|présentation|support de présentation|deck|script de test|rapport mensuel|compte rendu|accès (à la )?sandbox|"
    r"étude de cas|cas client|fiche produit|grille tarifaire|plaquette|documentation|recording|slides|case study|report)",
    re.I,
)

VENDOR_SPEECH = rx(
    r"\bnotre (solution|outil|logiciel|plateforme|offre|produit|équipe support|support|module|application|appli|service client)\b(?! actuel)",
    r"\bnos (clients|consultants|équipes techniques|experts|modules|offres|tarifs)\b", r"\bje vous (propose|présente|montre)\b",
    r"\bon vous (propose|accompagne|présente|montre)\b", r"\bnotre proposition\b", r"\bnos références\b", r"\bmon équipe avant-vente\b",
    r"\bour (solution|product|platform|tool|software|offer)\b", r"\bour customers\b", r"\blet me (show|present)\b",
    # who sends the quote, the proposal or the contract sells
    r"\b(je|on|nous) vous (l'|les |le |la )?(envoie|enverr\w+|transmets|transmettrai|fais parvenir|ferai parvenir|prépare|adresse) "
    r"(le|la|l'|un|une|notre|mon|ma) ?(devis|proposition|offre|contrat|chiffrage|grille tarifaire|avenant|bon de commande)\b",
    r"\b(i'll|we'll|i will|we will) send (you )?(the|a|our) (quote|proposal|contract|pricing)\b",
)
CLIENT_SPEECH = rx(
    r"\bchez nous\b", r"\bnotre (flotte|dsi|direction|budget|activité|entreprise|société|usine|site|groupe|comité|daf|pdg|dg|métier|process|processus|parc)\b",
    r"\bnos (camions|chauffeurs|équipes|sites|clients finaux|patients|collaborateurs|salariés|agences|magasins|usines|entrepôts|utilisateurs)\b",
    r"\bactuellement on (utilise|travaille)\b", r"\bon utilise (actuellement|aujourd'hui)\b", r"\baujourd'hui on\b",
    r"\bour (team|budget|board|company|it|cfo|ceo|fleet|stores|sites)\b", r"\bat our company\b", r"\bwe currently use\b",
    # who speaks of the vendor's offer as "yours", or holds the budget, buys
    r"\bvotre (solution|outil|logiciel|plateforme|offre|proposition|devis|produit|tarif|contrat)\b", r"\bvos (tarifs|prix|équipes support|consultants)\b",
    r"\b(je|moi je|on|nous) (valide|validons|tiens|tenons|porte|portons) (le|notre) budget\b", r"\ble budget est (validé|voté|arbitré)\b",
    r"\byour (solution|product|platform|tool|offer|proposal|quote|pricing)\b",
)
ROLE_WORDS = rx(
    r"\bdirect\w+", r"\bresponsable\b", r"\bchef\w*\b", r"\bdsi\b", r"\bdaf\b", r"\bdg\b", r"\bpdg\b", r"\bcto\b", r"\bcfo\b", r"\bceo\b",
    r"\bacheteu\w+", r"\bingénieu\w+", r"\bconsultant\w*", r"\bcommercia\w+", r"\bgérant\w*", r"\bmanager\b", r"\bhead\b",
    r"\bavant-vente\b", r"\bjuriste\b", r"\bcontrôleu\w+", r"\bassistant\w*", r"\bpharmacien\w*", r"\bcadre\b", r"\bpartner\b",
    r"\bvp\b", r"\bpresident\b", r"\bofficer\b", r"\bdirector\b", r"\baccount\b", r"\bcoordinat\w+", r"\bpilote\b", r"\bexpert\w*",
)
DECISION_ROLE = [
    ("decision_maker", rx(r"\bdg\b", r"\bpdg\b", r"\bdirect(eur|rice) général", r"\bce qui (décide|signe)\b", r"\bceo\b", r"\bgérant\w*", r"\bpresident\b")),
    ("buyer", rx(r"\bachat\w*", r"\bacheteu\w+", r"\bprocurement\b", r"\bdaf\b", r"\bcfo\b", r"\bfinanc\w+")),
    ("it", rx(r"\bdsi\b", r"\brssi\b", r"\binformatique\b", r"\bcto\b", r"\bsystèmes d'information\b", r"\bit\b")),
    ("legal", rx(r"\bjurid\w+", r"\bjuriste\b", r"\blegal\b")),
    ("user", rx(r"\bexploitation\b", r"\bopérations\b", r"\butilisat\w+", r"\bchef d'équipe\b", r"\bplanning\b")),
]

FILLERS = re.compile(
    r"^(?:(?:euh+|heu+|bon|alors|donc|ok|okay|oui|ouais|et|ben|bah|voilà|écoutez|écoute|du coup|parfait|très bien|"
    r"d'accord(?=[,.!])|super|ah|oh|hum|hm+|en fait|bref|enfin|so|well|right|okay so|yeah|yes|great|perfect|um+|uh+|"
    r"moi je voulais dire aussi|je voulais dire aussi|juste|honnêtement|franchement|question calendrier|mais|je vous préviens|[a-zé]+ :)[,.!:]?\s+)+",
    re.I,
)
INNER_FILLERS = re.compile(r",?\s*\b(euh+|heu+|hum|um+|uh+)\b,?", re.I)

# --- meeting type -----------------------------------------------------------------

MEETING_TYPE_CUES: dict[MeetingType, re.Pattern[str]] = {
    MeetingType.discovery: rx(r"\bdécouvr\w+", r"\bvos besoins\b", r"\bpremier (échange|rendez-vous|contact)\b", r"\bcomprendre (votre|vos)\b",
                                  r"\bvotre (contexte|organisation|activité)\b", r"\bqualifi\w+", r"\bcomprendre comment vous\b", r"\bvos enjeux\b", r"\bdiscovery\b", r"\byour needs\b",
                                  r"\bfirst (call|meeting)\b", r"\bunderstand (your|how you)\b",
                                  r"\byour (current|process|challenges)\b", r"\btell me (about|more)\b",
                                  r"\bunderstand how you\b", r"\bwhere it hurts\b", r"\bgo further together\b", r"\ba bit of context\b",
                                  r"\bdecision process\b", r"\bhow do you \w+ today\b", r"\bsi ça a du sens\b", r"\baller plus loin\b"),
    MeetingType.demo_poc: rx(r"\bdémo\w*", r"\bpoc\b", r"\bmaquette\b", r"\bsandbox\b", r"\bjeu de données\b", r"\bcas d'usage\b",
                                 r"\bscénario\w*", r"\bécart\w*", r"\bdemo\b", r"\bproof of concept\b", r"\btrial\b"),
    MeetingType.negotiation: rx(r"\bremise\w*", r"\bnégoci\w+", r"\bclause\w*", r"\bsla\b", r"\bconditions (commerciales|générales)\b",
                                    r"\bprix ferme\b", r"\bpénalité\w*", r"\bversion \d", r"\bbon de commande\b", r"\bsignature\b",
                                    r"\bdiscount\w*\b", r"\bnegotiat\w+\b", r"\bterms\b", r"\bredline\w*\b"),
    MeetingType.qbr: rx(r"\bqbr\b", r"\bbilan\b", r"\btrimestr\w+", r"\bt[1-4]\b", r"\brevue (trimestrielle|de compte)\b", r"\bnps\b",
                            r"\bindicateurs?\b", r"\bkpi\w*\b", r"\bvaleur (délivrée|livrée)\b", r"\bquarterly\b", r"\bbusiness review\b"),
    MeetingType.site_visit: rx(r"\bvisite\b", r"\bsur site\b", r"\bligne (de production|de conditionnement)\b",
                                   r"\bsite visit\b", r"\bshop floor\b", r"\bvisit\b"),
    MeetingType.renewal: rx(r"\brenouvel\w+", r"\breconduction\b", r"\breconduire\b", r"\béchéance du contrat\b", r"\bfin de contrat\b",
                                r"\brenouveler\b", r"\brenewal\b", r"\brenew\w*\b"),
}
#: a cold call is none of the rubric's meeting types
COLD_CALL = rx(r"\bje me permets de vous appeler\b", r"\bje vous prends (deux|2|trois|3) minutes\b", r"\bje souhaiterais parler à\b",
                    r"\bpuis-je parler à\b", r"\bc'est à quel sujet\b", r"\bcould i speak (to|with)\b", r"\bje ne vais pas vous prendre (beaucoup|trop) de temps\b", r"\bvous avez deux minutes\b",
                    r"\bje vous appelle (car|parce que|au sujet)\b", r"\bcold call\b", r"\bdo you have (a|two) minutes?\b")

#: a report that an earlier promise was kept: kept as a fact so the account plan can close that promise
PROGRESS_REPORT = rx(
    r"\bcomme (promis|convenu|prévu)\b", r"\bbien reçue?s?\b", r"\bc'est fait\b", r"\b(a|ont) (bien )?eu lieu\b",
    r"\b(je vous ai|on vous a|nous vous avons) (bien |déjà )?(r?envoyé|transmis|fait parvenir|partagé)",
    r"\bas (promised|agreed)\b", r"\b(i|we)('ve| have) (already )?(sent|shared|signed)\b",
)
PROGRESS_NEGATION = rx(r"\b(pas encore|toujours pas|jamais reçu|rien reçu|not yet|still not|haven't|hasn't|didn't)\b")

#: who decides what, said as a rule ("c'est moi qui signe", "le président signe au-delà de 50 000 €"):
#: a decision role, not a promise
AUTHORITY = rx(
    r"\bc'est (?:moi|lui|elle|[\w' -]{2,40}?) qui (?:valide|signe|décide|tranche|arbitre|approuve)\b",
    r"\b(?:valide|signe|signent|décide|tranche|arbitre|approuve)\w* (?:tout ce qui est |ce qui est )?"
    r"(?:au-delà|au-dessus|à partir|jusqu'à) d",
    r"\b(?:above|over|up to) [$€£]?\s?\d[\d,. ]*\s?(?:k|m|€|euros?|dollars?)?,? (?:i|he|she|the \w+) (?:signs?|approves?)\b",
    r"\b(?:i|he|she|the \w+) (?:signs?|approves?) (?:off )?(?:anything |everything )?(?:above|over|up to)\b",
)
#: the first person deciding in the present: a role when the same turn states the rule above
FIRST_PERSON_AUTHORITY = rx(r"\b(?:je|j')\s*(?:valide|signe|décide|tranche|arbitre|approuve)\b",
                            r"\bi (?:sign|approve|decide)\b")
