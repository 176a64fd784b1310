"""Build the Teams-style .docx sample (05) with python-docx.

Teams "Download as .docx" writes one paragraph ``Name   m:ss`` then one
paragraph with the words. Run from the repository root:
``.venv/bin/python samples/make_docx.py``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document

OUT = Path(__file__).resolve().parent / "05-visite-site-usine-verdier.docx"
TITLE = "Visite de site – Verdier Emballages, ligne 2"
RECORDED = dt.datetime(2026, 11, 16, 10, 2)

#: (start in seconds, speaker, words)
UTTERANCES: list[tuple[int, str, str]] = [
    (2, "Nicolas Fabre", "Bon, ça enregistre. Alors, on se remet en salle, ça sera plus calme qu'à côté de la ligne. Merci encore pour la visite, Monsieur Verdier."),
    (12, "Bernard Verdier", "Je vous en prie. Vous voulez un café ? La machine est juste là."),
    (18, "Léa Garnier", "Volontiers, oui, avec le froid dans l'atelier..."),
    (22, "Bernard Verdier", "Ah, l'hiver, c'est pas chauffé au-delà de la zone de conditionnement. Nos gars sont habitués."),
    (28, "Nicolas Fabre", "Alors, pour que ce soit propre, parce qu'on enregistre pour le rapport : je suis Nicolas Fabre, ingénieur d'affaires chez Axiome Automation, et je suis avec Léa."),
    (38, "Léa Garnier", "Léa Garnier, cheffe de projet technique chez Axiome. C'est moi qui ferai l'étude d'implantation."),
    (44, "Bernard Verdier", "Bernard Verdier, directeur du site. Et Karim, qui nous a fait la visite."),
    (50, "Karim Haddad", "Karim Haddad, responsable maintenance et HSE. Bonjour."),
    (54, "Nicolas Fabre", "Merci. Alors, euh, je propose qu'on reprenne ce qu'on a vu, ligne par ligne, et qu'on note les questions ouvertes."),
    (61, "Bernard Verdier", "Allez-y."),
    (62, "Nicolas Fabre", "Donc vous avez trois lignes de conditionnement. En bout de chaque ligne, la palettisation est faite à la main."),
    (69, "Karim Haddad", "C'est ça. Deux opérateurs par poste, en trois-huit. Donc sur une journée, ça fait six personnes par ligne juste pour mettre des cartons sur des palettes."),
    (79, "Léa Garnier", "Et les cartons, ils pèsent combien, au maximum ?"),
    (84, "Karim Haddad", "Jusqu'à 18 kilos pour les plus gros formats. En moyenne, on est plutôt autour de 12."),
    (90, "Bernard Verdier", "Et c'est ça le vrai problème. L'an dernier on a eu quatre arrêts de travail pour des troubles musculo-squelettiques, tous sur la palettisation."),
    (99, "Karim Haddad", "Et la médecine du travail nous a fait un courrier en septembre. On ne peut plus attendre."),
    (107, "Nicolas Fabre", "Je comprends. C'est d'ailleurs la première raison pour laquelle nos clients automatisent, avant même la productivité."),
    (114, "Léa Garnier", "Sur la ligne 2, j'ai compté la cadence tout à l'heure. Vous êtes à combien, en nominal ?"),
    (122, "Karim Haddad", "1 200 cartons par heure en nominal. On monte à 1 400 en pointe, avant Noël."),
    (129, "Léa Garnier", "D'accord. Une cellule avec un robot six axes et deux postes de palettes, ça passe largement."),
    (136, "Nicolas Fabre", "Et la place ? Léa, tu as pris les mesures ?"),
    (141, "Léa Garnier", "Oui. Il y a environ 80 mètres carrés disponibles derrière la ligne 2, et six mètres sous plafond. C'est suffisant pour une cellule avec deux postes de palettes."),
    (151, "Karim Haddad", "Par contre, je vous l'ai dit pendant la visite, la dalle à cet endroit, on ne sait pas trop ce qu'elle supporte. C'est une ancienne zone de stockage, construite dans les années 80."),
    (165, "Léa Garnier", "Oui, c'est un point important. Le robot plus le socle, on est autour de trois tonnes, concentrées sur une petite surface."),
    (173, "Bernard Verdier", "Et si la dalle ne tient pas ?"),
    (177, "Léa Garnier", "Il faudra la renforcer, ou couler un massif. Pour lever le doute, il faudrait une étude de sol, ou au moins les plans de la dalle."),
    (188, "Karim Haddad", "J'ai les plans quelque part, dans les archives. Je vous transmets les plans de la dalle et le plan d'implantation de l'atelier."),
    (198, "Léa Garnier", "Parfait, ça m'évitera de tout redessiner."),
    (201, "Bernard Verdier", "Bon. Alors, la question qui fâche : combien ?"),
    (205, "Nicolas Fabre", "Pour une cellule comme celle-là, avec les sécurités et la mise en service, on est dans une fourchette de 180 à 220 000 euros. Mais je vous fais une offre précise, évidemment."),
    (217, "Bernard Verdier", "220 000 euros. Hmm. Au-dessus de 150 000, c'est le groupe qui valide, pas moi. La direction financière à Lyon."),
    (225, "Nicolas Fabre", "D'accord. Et ils valident quand, les investissements ?"),
    (229, "Bernard Verdier", "Il y a un comité d'investissement en février. Si le dossier n'est pas prêt, c'est juin."),
    (235, "Nicolas Fabre", "Alors il y a un levier : la CARSAT subventionne une partie des équipements qui réduisent les TMS. Avec vos quatre arrêts de travail, vous êtes éligible."),
    (247, "Karim Haddad", "On l'a déjà eue une fois, pour les tables élévatrices."),
    (252, "Bernard Verdier", "Ah oui, c'est vrai. Bon, je lance la demande de subvention CARSAT avant la fin du mois."),
    (259, "Nicolas Fabre", "Très bien. Ça peut couvrir une bonne partie de l'investissement, selon le dossier."),
    (264, "Bernard Verdier", "Mais je vous préviens : sans la subvention, le retour sur investissement sera plus dur à défendre devant le groupe."),
    (272, "Nicolas Fabre", "Entendu, on le chiffrera avec et sans subvention dans l'offre."),
    (277, "Léa Garnier", "Et sur les formats de palettes, vous avez quoi ?"),
    (281, "Karim Haddad", "Surtout de l'Europe, 80 par 120. Il y a quelques clients en 100 par 120, mais c'est marginal."),
    (289, "Bernard Verdier", "Non, on simplifie. On reste sur le format palette 80 x 120 uniquement, les 100 x 120 on continuera à la main."),
    (298, "Léa Garnier", "Ça simplifie beaucoup le préhenseur, effectivement."),
    (301, "Nicolas Fabre", "Et pour la ligne ? On commence par laquelle ?"),
    (305, "Bernard Verdier", "La 2, c'est celle qui a le plus de volume et le plus d'arrêts de travail. On part sur la ligne 2 pour la première cellule."),
    (316, "Karim Haddad", "Et c'est celle qui a le plus de place derrière, de toute façon."),
    (321, "Bernard Verdier", "Et si ça marche bien sur la 2, on pourrait faire la 3 l'année prochaine."),
    (327, "Nicolas Fabre", "Avec plaisir. On verra avec le retour d'expérience."),
    (331, "Karim Haddad", "Ce serait bien que le robot puisse aussi filmer les palettes, pour les litiges avec les transporteurs."),
    (339, "Léa Garnier", "Il existe des systèmes de vision, c'est un sujet à part."),
    (344, "Karim Haddad", "Et question planning : l'installation, on ne peut pas la faire n'importe quand. La seule fenêtre, c'est la fermeture d'août."),
    (352, "Léa Garnier", "Trois semaines en août, ça suffit pour installer et mettre en service, si les études sont faites avant. Ça veut dire commande au plus tard en avril."),
    (363, "Bernard Verdier", "Donc comité de février. On n'a pas le droit de le rater."),
    (369, "Karim Haddad", "Et, euh, vous pourriez venir faire une présentation au CSE ? Les représentants vont poser des questions sur les postes."),
    (377, "Nicolas Fabre", "Euh... il faut que je voie en interne qui pourrait le faire."),
    (382, "Nicolas Fabre", "Alors, je fais le point sur les suites. Léa, toi, le rapport de visite ?"),
    (389, "Léa Garnier", "Oui. Je vous envoie le rapport de visite avec les photos et les mesures d'ici jeudi."),
    (396, "Nicolas Fabre", "Et moi, l'offre chiffrée, avec et sans subvention, vous l'aurez pour le 30 novembre."),
    (402, "Bernard Verdier", "Très bien."),
    (404, "Nicolas Fabre", "Donc je récapitule. Trois lignes, palettisation manuelle avec six personnes par ligne et par jour, quatre arrêts de travail pour TMS l'an dernier, 1 200 cartons heure sur la ligne 2, 80 mètres carrés et six mètres sous plafond disponibles."),
    (418, "Nicolas Fabre", "Décisions : première cellule sur la ligne 2, et uniquement le format 80 x 120."),
    (426, "Nicolas Fabre", "Points d'attention : la portance de la dalle, à vérifier avec les plans de Karim, la validation par le groupe au comité de février, avec la subvention CARSAT que Monsieur Verdier demande avant la fin du mois, et la fenêtre d'installation en août."),
    (443, "Nicolas Fabre", "Et de notre côté : le rapport de visite jeudi par Léa, l'offre chiffrée pour le 30 novembre."),
    (450, "Bernard Verdier", "C'est ça. Vous avez tout."),
    (452, "Karim Haddad", "Merci à vous. Je vous raccompagne, il faut rendre les badges à l'accueil."),
    (458, "Léa Garnier", "Merci pour la visite, c'était très clair."),
]


def stamp(seconds: int) -> str:
    """Teams style: ``m:ss`` under one hour, ``h:mm:ss`` beyond."""
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def build(out: Path = OUT) -> Path:
    doc = Document()
    doc.core_properties.title = TITLE
    doc.core_properties.author = "Microsoft Teams"
    doc.core_properties.created = RECORDED
    doc.core_properties.modified = RECORDED
    doc.add_paragraph(TITLE)
    doc.add_paragraph("16 novembre 2026, 10 h 02 · 7 min 45 s")
    doc.add_paragraph("Transcription")
    for start, speaker, text in UTTERANCES:
        doc.add_paragraph(f"{speaker}   {stamp(start)}")
        doc.add_paragraph(text)
    doc.save(str(out))
    return out


if __name__ == "__main__":
    print(build())
