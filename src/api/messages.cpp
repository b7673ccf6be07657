#include "api/messages.h"

#include <map>
#include <utility>

namespace passerelle::api {
namespace {

struct Text {
  std::string_view en, fr;
};

const std::map<std::string_view, Text>& catalog() {
  static const std::map<std::string_view, Text> c = {
      // Problem titles, by problem type.
      {"invalid-json", {"The request body is not valid JSON.", "Le corps de la requête n'est pas du JSON valide."}},
      {"validation", {"Some fields need correcting.", "Certains champs sont à corriger."}},
      {"invalid-credentials", {"The user name or password is incorrect.", "Le nom d'utilisateur ou le mot de passe est incorrect."}},
      {"too-many-attempts", {"Too many failed attempts. Try again later.", "Trop de tentatives échouées. Réessayez plus tard."}},
      {"authentication-required", {"Please sign in.", "Veuillez vous connecter."}},
      {"forbidden", {"You do not have access to this.", "Vous n'avez pas accès à ceci."}},
      {"csrf", {"The security token is missing or wrong. Reload the page.", "Le jeton de sécurité est absent ou incorrect. Rechargez la page."}},
      {"not-found", {"Not found.", "Introuvable."}},
      {"method-not-allowed", {"This method is not allowed here.", "Cette méthode n'est pas autorisée ici."}},
      {"version-conflict", {"Someone else changed this record meanwhile. Review their changes before saving again.", "Quelqu'un d'autre a modifié cette fiche entre-temps. Vérifiez ses modifications avant d'enregistrer à nouveau."}},
      {"precondition-required", {"The record version (If-Match) is required.", "La version de la fiche (If-Match) est requise."}},
      {"conflict", {"This conflicts with an existing record.", "Cela entre en conflit avec une fiche existante."}},
      {"invalid-code", {"The code is incorrect or has already been used.", "Le code est incorrect ou a déjà été utilisé."}},
      {"mfa-state", {"This step of the sign-in is not expected now.", "Cette étape de la connexion n'est pas attendue maintenant."}},
      {"unsupported-media-type", {"Send the body as application/json.", "Envoyez le corps en application/json."}},
      {"internal", {"Something went wrong on our side. The request id helps the administrator.", "Une erreur s'est produite de notre côté. L'identifiant de requête aide l'administrateur."}},
      {"unavailable", {"The service is temporarily unavailable.", "Le service est momentanément indisponible."}},
      // Field messages.
      {"field.required", {"This field is required.", "Ce champ est obligatoire."}},
      {"field.too_long", {"This is too long.", "C'est trop long."}},
      {"field.invalid", {"This value is not valid.", "Cette valeur n'est pas valide."}},
      {"field.not_string", {"This must be text.", "Ceci doit être du texte."}},
      {"field.not_boolean", {"This must be true or false.", "Ceci doit être vrai ou faux."}},
      {"field.unknown", {"This field is not expected.", "Ce champ n'est pas attendu."}},
      {"username.format", {"3 to 64 characters: lower-case letters, digits, dot, dash or underscore.", "3 à 64 caractères : lettres minuscules, chiffres, point, tiret ou tiret bas."}},
      {"username.taken", {"This user name is already in use.", "Ce nom d'utilisateur est déjà utilisé."}},
      {"role.unknown", {"Unknown role.", "Rôle inconnu."}},
      {"role.self", {"You cannot change your own role: ask another administrator.", "Vous ne pouvez pas modifier votre propre rôle : demandez à un autre administrateur."}},
      {"disabled.self", {"You cannot disable your own account.", "Vous ne pouvez pas désactiver votre propre compte."}},
      {"language.unknown", {"Choose English (en) or French (fr).", "Choisissez anglais (en) ou français (fr)."}},
      {"password.too_short", {"At least 12 characters.", "Au moins 12 caractères."}},
      {"password.too_long", {"At most 128 characters.", "Au plus 128 caractères."}},
      {"password.common", {"This password is too common; a few unrelated words make a good one.", "Ce mot de passe est trop courant ; quelques mots sans lien en font un bon."}},
      {"password.contains_username", {"The password must not contain the user name.", "Le mot de passe ne doit pas contenir le nom d'utilisateur."}},
      {"password.not_utf8", {"The password contains invalid characters.", "Le mot de passe contient des caractères invalides."}},
      {"password.wrong_current", {"The current password is incorrect.", "Le mot de passe actuel est incorrect."}},
      {"limit.range", {"Between 1 and 200.", "Entre 1 et 200."}},
      {"date.format", {"Use the format YYYY-MM-DD.", "Utilisez le format AAAA-MM-JJ."}},
      {"reason.short", {"Say in a sentence why you need this file (at least 10 characters).", "Expliquez en une phrase pourquoi vous avez besoin de ce dossier (au moins 10 caractères)."}},
      {"code.format", {"Enter the 6-digit code or a recovery code.", "Saisissez le code à 6 chiffres ou un code de secours."}},
      // --- procedures, referrals, deadlines ---
      {"transition.unknown_status", {"This is not a status of this procedure.", "Ce n'est pas une étape de cette procédure."}},
      {"transition.not_allowed", {"The procedure cannot move to this status from where it is.", "La procédure ne peut pas passer à cette étape depuis l'étape actuelle."}},
      {"transition.not_yours", {"Someone else takes this step: you cannot record it.", "Cette étape revient à quelqu'un d'autre : vous ne pouvez pas l'enregistrer."}},
      {"transition.reason_required", {"Say why (a reason is required for this step).", "Indiquez pourquoi (un motif est requis pour cette étape)."}},
      {"transition.field_required", {"Fill in the fields this step needs first.", "Remplissez d'abord les champs que demande cette étape."}},
      {"consent.sharing_missing", {"She has not agreed to share information with this partner (or has withdrawn her consent). Record her consent first.", "Elle n'a pas accepté de partager ses informations avec ce partenaire (ou a retiré son consentement). Enregistrez d'abord son consentement."}},
      {"consent.items_not_covered", {"The referral shares information she has not agreed to share with this partner.", "L'orientation transmet des informations qu'elle n'a pas accepté de partager avec ce partenaire."}},
      {"procedure.minors_only", {"This procedure is only for minors (or a person whose age is disputed).", "Cette procédure ne concerne que les mineurs (ou une personne dont l'âge est contesté)."}},
      {"procedure.final", {"This procedure is closed: it can no longer be changed.", "Cette procédure est close : elle ne peut plus être modifiée."}},
      {"procedure.not_draft", {"The referral has been sent: its partner and shared information can no longer change.", "L'orientation a été envoyée : son partenaire et les informations transmises ne peuvent plus changer."}},
      {"step.unknown", {"This procedure has no step of this kind.", "Cette procédure n'a pas d'étape de ce type."}},
      {"step.not_allowed", {"This step cannot be recorded at this stage of the procedure.", "Cette étape ne peut pas être enregistrée à ce stade de la procédure."}},
      {"step.limit_reached", {"The maximum number of these steps has been reached.", "Le nombre maximal de ces étapes est atteint."}},
      // --- end procedures ---
      // --- partner directory and partner portal ---
      {"partner.mechanism_taken", {"Another partner already stands for this national mechanism.", "Un autre partenaire représente déjà ce dispositif national."}},
      {"partner.address_secret", {"Only someone allowed to see this confidential address may make it public.", "Seule une personne autorisée à voir cette adresse confidentielle peut la rendre publique."}},
      {"import.row_shape", {"This row does not have as many cells as the header.", "Cette ligne n'a pas autant de cellules que l'en-tête."}},
      {"import.duplicate_row", {"Another row of the file is about the same partner.", "Une autre ligne du fichier concerne le même partenaire."}},
      {"import.too_many_rows", {"At most 1000 partners per file.", "Au plus 1000 partenaires par fichier."}},
      // --- end partners ---
      // --- activities, media, calls, projects, indicators, reports ---
      {"attendance.duplicate", {"She is already on this session's attendance sheet.", "Elle figure déjà sur la feuille de présence de cette séance."}},
      {"consent.media_missing", {"She has not agreed to appear in media (or has withdrawn her consent). Record her media consent first.", "Elle n'a pas accepté d'apparaître dans des médias (ou a retiré son consentement). Enregistrez d'abord son consentement médias."}},
      {"call.reviewed", {"Reviewers have already scored against these criteria: they can no longer change.", "Des évaluateurs ont déjà noté selon ces critères : ils ne peuvent plus changer."}},
      {"call.places_full", {"As many projects as the call has places for are already selected.", "Autant de projets que l'appel compte de places sont déjà retenus."}},
      {"project.code_taken", {"Another project already has this code.", "Un autre projet porte déjà ce code."}},
      // --- end activities ---
  };
  return c;
}

}  // namespace

std::string pick_language(std::string_view user_language, std::string_view accept) {
  if (user_language == "fr" || user_language == "en") return std::string(user_language);
  // Accept-Language: take tags in order; q-values are rarely used to demote the first tag.
  while (!accept.empty()) {
    auto comma = accept.find(',');
    std::string_view tag = accept.substr(0, comma);
    accept = comma == std::string_view::npos ? std::string_view{} : accept.substr(comma + 1);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    if (tag.size() >= 2) {
      std::string_view primary = tag.substr(0, 2);
      if (primary == "fr" || primary == "FR") return "fr";
      if (primary == "en" || primary == "EN") return "en";
    }
  }
  return "en";
}

std::string_view message(std::string_view language, std::string_view key) {
  auto it = catalog().find(key);
  if (it == catalog().end()) return key;
  return language == "fr" ? it->second.fr : it->second.en;
}

bool catalog_complete() {
  for (const auto& [key, text] : catalog())
    if (text.en.empty() || text.fr.empty()) return false;
  return true;
}

}  // namespace passerelle::api
