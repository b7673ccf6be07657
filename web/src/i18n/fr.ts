// Catalogue français. Mêmes clés que en.ts (vérifié par le type et par i18n.test.ts).
// Espaces insécables (U+00A0) avant « : ? ! » et à l'intérieur des guillemets.
import type { MessageKey } from './en';

export const fr: Record<MessageKey, string> = {
  'app.loading': 'Chargement…',
  'app.tagline':
    'Suivi des personnes accompagnées pour les associations d’aide aux victimes de la traite',

  'action.cancel': 'Annuler',
  'action.loadMore': 'Afficher la suite',
  'action.tryAgain': 'Réessayer',

  'nav.skipToContent': 'Aller au contenu principal',
  'nav.label': 'Menu principal',
  'nav.menu': 'Menu',
  'nav.home': 'Accueil',
  'nav.profile': 'Mon profil',
  'nav.users': 'Utilisateurs',
  'nav.audit': 'Journal d’audit',
  'nav.signOut': 'Se déconnecter',
  'nav.backHome': 'Retour à l’accueil',

  'language.switchTo': 'Changer de langue :',

  'quickExit.button': 'Sortie rapide',
  'quickExit.hint':
    'Quitte ce site immédiatement et ouvre une recherche météo. Raccourci : appuyez deux fois sur Échap, ou trois fois sur Maj.',
  'quickExit.tipHeading': 'Partir vite',
  'quickExit.tip':
    'Si quelqu’un s’approche, appuyez sur « Sortie rapide » en haut de l’écran, ou deux fois sur Échap, ou trois fois sur Maj. La page se ferme, vous êtes déconnectée et une recherche météo s’ouvre à la place.',

  'error.network': 'Le serveur est injoignable. Vérifiez votre connexion et réessayez.',
  'error.generic': 'Une erreur s’est produite (erreur {status}). Veuillez réessayer.',
  'error.unexpected': 'Une erreur s’est produite. Veuillez réessayer.',
  'error.startup': 'Passerelle n’a pas pu démarrer correctement. Veuillez vous connecter.',
  'error.reference': 'Référence pour l’assistance : {id}',
  'error.retryAfter': 'Vous pourrez réessayer dans {minutes} min.',

  'form.errorPrefix': 'Erreur :',
  'form.seeFieldErrors': 'Veuillez corriger les champs signalés ci-dessous.',

  'login.pageTitle': 'Connexion – Passerelle',
  'login.heading': 'Se connecter à Passerelle',
  'login.username': 'Identifiant',
  'login.password': 'Mot de passe',
  'login.showPassword': 'Afficher le mot de passe',
  'login.submit': 'Se connecter',
  'login.submitting': 'Connexion…',
  'login.forgotten':
    'Mot de passe oublié ou téléphone perdu ? Demandez à votre coordinatrice ou à l’administrateur.',
  'login.sessionEnded': 'Votre session est terminée. Veuillez vous reconnecter.',
  'login.signedOut': 'Vous êtes déconnectée.',

  'mfa.code': 'Code à 6 chiffres',
  'mfa.codeHint':
    'Donné par votre application d’authentification. Un nouveau code s’affiche toutes les 30 secondes.',
  'mfa.cancelSignOut': 'Annuler et se déconnecter',
  'mfa.challenge.pageTitle': 'Vérification en deux étapes – Passerelle',
  'mfa.challenge.heading': 'Vérification en deux étapes',
  'mfa.challenge.intro':
    'Ouvrez votre application d’authentification et saisissez le code à 6 chiffres affiché pour Passerelle.',
  'mfa.challenge.recoveryIntro':
    'Saisissez l’un des codes de secours enregistrés lors de l’activation de la vérification en deux étapes. Chaque code ne sert qu’une fois.',
  'mfa.challenge.recoveryCode': 'Code de secours',
  'mfa.challenge.submit': 'Vérifier',
  'mfa.challenge.useRecovery':
    'Je ne peux pas utiliser mon application : utiliser un code de secours',
  'mfa.challenge.useApp': 'Utiliser plutôt le code de mon application',

  'mfa.enrol.pageTitle': 'Activer la vérification en deux étapes – Passerelle',
  'mfa.enrol.heading': 'Activer la vérification en deux étapes',
  'mfa.enrol.intro':
    'Votre rôle demande une seconde étape à la connexion : un code donné par une application sur votre téléphone. Cela protège les personnes accompagnées si votre mot de passe est volé.',
  'mfa.enrol.step1': 'Installez une application d’authentification',
  'mfa.enrol.step1Detail':
    'Par exemple Aegis, FreeOTP, Google Authenticator ou Microsoft Authenticator. Passez cette étape si vous en avez déjà une.',
  'mfa.enrol.step2': 'Ajoutez Passerelle dans l’application',
  'mfa.enrol.qrAlt': 'QR code à scanner avec votre application d’authentification',
  'mfa.enrol.keyIntro': 'Scannez le QR code, ou saisissez cette clé dans l’application :',
  'mfa.enrol.copyKey': 'Copier la clé',
  'mfa.enrol.keyCopied': 'La clé est copiée.',
  'mfa.enrol.copyFailed': 'La copie n’a pas fonctionné. Sélectionnez le texte et copiez-le.',
  'mfa.enrol.step3': 'Saisissez le code affiché par l’application',
  'mfa.enrol.submit': 'Activer la vérification en deux étapes',

  'recovery.pageTitle': 'Vos codes de secours – Passerelle',
  'recovery.heading': 'Enregistrez vos codes de secours',
  'recovery.enabled': 'La vérification en deux étapes est activée.',
  'recovery.intro':
    'Si vous perdez votre téléphone, chacun de ces codes permet de se connecter une fois. Ils ne sont affichés que maintenant.',
  'recovery.listLabel': 'Codes de secours',
  'recovery.warning':
    'Notez-les sur papier ou gardez-les dans un gestionnaire de mots de passe. Ne les gardez pas sur un téléphone que d’autres personnes utilisent.',
  'recovery.copy': 'Copier les codes',
  'recovery.copied': 'Les codes sont copiés.',
  'recovery.savedConfirm': 'J’ai enregistré mes codes de secours en lieu sûr',
  'recovery.savedRequired': 'Veuillez confirmer que vous avez enregistré vos codes de secours.',
  'recovery.continue': 'Continuer',

  'home.pageTitle': 'Accueil – Passerelle',
  'home.heading': 'Bonjour {name}',
  'home.emptyHeading': 'Rien à afficher pour l’instant',
  'home.emptyIntro':
    'Passerelle se construit étape par étape. Cette page montrera bientôt votre travail du jour :',
  'home.casesTitle': 'Suivis',
  'home.casesText': 'les personnes que vous accompagnez, leur projet et les prochaines étapes.',
  'home.encountersTitle': 'Rencontres',
  'home.encountersText':
    'maraudes, entretiens et accompagnements, enregistrés en moins d’une minute.',
  'home.referralsTitle': 'Orientations',
  'home.referralsText': 'vers et depuis les structures partenaires, avec l’accord de la personne.',
  'home.meanwhile':
    'En attendant, vérifiez votre profil : votre langue, votre mot de passe et les appareils où vous êtes connectée.',
  'home.profileLink': 'Aller à mon profil',
  'home.usersLink': 'Gérer les utilisateurs',
  'home.auditLink': 'Voir le journal d’audit',

  'profile.pageTitle': 'Mon profil – Passerelle',
  'profile.heading': 'Mon profil',
  'profile.username': 'Identifiant',
  'profile.role': 'Rôle',
  'profile.twoFactor': 'Vérification en deux étapes',
  'profile.twoFactorOn': 'Activée',
  'profile.twoFactorOff': 'Désactivée',
  'profile.detailsHeading': 'Mes informations',
  'profile.displayName': 'Nom affiché',
  'profile.displayNameHint': 'Le nom que voient vos collègues. Un prénom suffit.',
  'profile.language': 'Langue',
  'profile.saveDetails': 'Enregistrer mes informations',
  'profile.detailsSaved': 'Vos informations sont enregistrées.',

  'password.heading': 'Changer mon mot de passe',
  'password.current': 'Mot de passe actuel',
  'password.new': 'Nouveau mot de passe',
  'password.rules':
    'Au moins 12 caractères. Quelques mots sans rapport entre eux font un bon mot de passe. Les mots de passe courants et votre identifiant sont refusés.',
  'password.repeat': 'Nouveau mot de passe, à nouveau',
  'password.submit': 'Changer mon mot de passe',
  'password.changed': 'Votre mot de passe est changé.',
  'password.mismatch': 'Les deux nouveaux mots de passe ne sont pas identiques.',
  'password.checkFields': 'Le mot de passe n’a pas été changé.',

  'sessions.myHeading': 'Où je suis connectée',
  'sessions.myIntro':
    'Si vous voyez un appareil que vous ne reconnaissez pas, fermez cette session et changez votre mot de passe.',
  'sessions.none': 'Aucune session.',
  'sessions.current': 'Cet appareil',
  'sessions.unknownDevice': 'Appareil inconnu',
  'sessions.started': 'Connexion',
  'sessions.lastSeen': 'Dernière activité',
  'sessions.end': 'Fermer cette session',
  'sessions.ended': 'La session est fermée.',

  'role.administrator': 'Administrateur·rice',
  'role.coordinator': 'Coordinateur·rice',
  'role.social_worker': 'Travailleur·se social·e',
  'role.peer_mediator': 'Médiatrice paire',
  'role.lawyer': 'Avocat·e',
  'role.psychologist': 'Psychologue',
  'role.researcher': 'Chercheur·se',
  'role.project_viewer': 'Lecture des projets',
  'role.partner': 'Structure partenaire',

  'users.pageTitle': 'Utilisateurs – Passerelle',
  'users.heading': 'Utilisateurs',
  'users.create': 'Créer un utilisateur',
  'users.listLabel': 'Utilisateurs',
  'users.none': 'Aucun utilisateur pour l’instant.',
  'users.backToList': 'Retour aux utilisateurs',
  'users.username': 'Identifiant',
  'users.displayName': 'Nom affiché',
  'users.displayNameHint': 'Le nom que voient les collègues. Un prénom suffit.',
  'users.role': 'Rôle',
  'users.roleHint':
    'Les administrateurs et les coordinateurs doivent utiliser la vérification en deux étapes.',
  'users.language': 'Langue',
  'users.status': 'Compte',
  'users.active': 'Actif',
  'users.disabled': 'Désactivé',
  'users.twoFactor': 'Vérification en deux étapes',
  'users.twoFactorOn': 'Activée',
  'users.twoFactorOff': 'Non configurée',
  'users.lastLogin': 'Dernière connexion',
  'users.never': 'Jamais',
  'users.created': 'Créé le',
  'users.createdMessage': 'L’utilisateur {name} est créé.',

  'users.new.pageTitle': 'Créer un utilisateur – Passerelle',
  'users.new.heading': 'Créer un utilisateur',
  'users.new.usernameHint': 'Sert à se connecter. Évitez un nom complet réel.',
  'users.new.password': 'Premier mot de passe',
  'users.new.passwordHint':
    'De 12 à 128 caractères. Transmettez-le à la personne en privé ; elle pourra le changer dans son profil.',
  'users.new.submit': 'Créer l’utilisateur',

  'users.edit.pageTitle': 'Modifier un utilisateur – Passerelle',
  'users.edit.heading': 'Modifier {name}',
  'users.edit.detailsHeading': 'Informations et accès',
  'users.edit.disabled': 'Compte désactivé',
  'users.edit.disabledHint':
    'Une personne désactivée ne peut plus se connecter, et ses sessions sont fermées.',
  'users.edit.disabledSelfHint': 'C’est votre propre compte : le désactiver vous déconnecte.',
  'users.edit.save': 'Enregistrer les modifications',
  'users.edit.saved': 'Modifications enregistrées.',
  'users.edit.noChanges': 'Rien n’a changé, donc rien n’a été enregistré.',
  'users.edit.conflict':
    'Quelqu’un d’autre a modifié cet utilisateur pendant que vous le modifiiez. Vos modifications n’ont pas été enregistrées. Rechargez pour voir la version actuelle, puis refaites vos modifications.',
  'users.edit.conflictFields':
    'Quelqu’un d’autre a modifié cet utilisateur pendant que vous le modifiiez ({fields}). Vos modifications n’ont pas été enregistrées. Rechargez pour voir la version actuelle, puis refaites vos modifications.',
  'users.edit.reload': 'Recharger la version actuelle',

  'users.security.heading': 'Sécurité de la connexion',
  'users.security.mfaOnText': 'La vérification en deux étapes est activée pour cette personne.',
  'users.security.mfaOffText':
    'La vérification en deux étapes n’est pas configurée pour cette personne.',
  'users.security.mfaReset': 'Réinitialiser la vérification en deux étapes',
  'users.security.mfaResetQuestion':
    'Réinitialiser la vérification en deux étapes de {name} ? Son application et ses codes de secours ne fonctionneront plus ; la personne la configurera de nouveau à sa prochaine connexion.',
  'users.security.mfaResetConfirm': 'Oui, réinitialiser',
  'users.security.mfaResetDone': 'La vérification en deux étapes est réinitialisée.',
  'users.security.sessionsHeading': 'Sessions',
  'users.security.sessionCount_one': '{count} session ouverte.',
  'users.security.sessionCount_other': '{count} sessions ouvertes.',
  'users.security.endSessions': 'Fermer toutes ses sessions',
  'users.security.endSessionsQuestion':
    'Fermer toutes les sessions de {name} ? La personne devra se reconnecter sur chaque appareil.',
  'users.security.endSessionsConfirm': 'Oui, les fermer',
  'users.security.sessionsEnded': 'Toutes ses sessions sont fermées.',

  'audit.pageTitle': 'Journal d’audit – Passerelle',
  'audit.heading': 'Journal d’audit',
  'audit.intro':
    'Chaque connexion, modification et consultation de dossier est enregistrée ici, de la plus récente à la plus ancienne. Le journal ne peut pas être modifié.',
  'audit.filtersHeading': 'Filtrer',
  'audit.action': 'Action',
  'audit.actionHint': 'Par exemple : auth.login',
  'audit.actor': 'Fait par',
  'audit.actorHint': 'Identifiant ou numéro d’utilisateur',
  'audit.actorNotFound':
    'Personne avec cet identifiant n’apparaît dans le journal affiché. Saisissez plutôt son numéro d’utilisateur.',
  'audit.checkFilters': 'Veuillez vérifier les filtres.',
  'audit.from': 'Du',
  'audit.to': 'Au',
  'audit.apply': 'Appliquer les filtres',
  'audit.clear': 'Effacer les filtres',
  'audit.entriesHeading': 'Entrées',
  'audit.shown': '{count} entrées affichées.',
  'audit.none': 'Aucune entrée ne correspond.',
  'audit.when': 'Quand',
  'audit.target': 'Sur',
  'audit.ip': 'Adresse IP',
  'audit.seq': 'Numéro d’entrée',
  'audit.nobody': 'Personne (non connecté)',
  'audit.verifyHeading': 'Vérifier le journal',
  'audit.verifyIntro':
    'Chaque entrée est chaînée à la précédente. La vérification détecte toute entrée modifiée ou supprimée.',
  'audit.verify': 'Vérifier la chaîne',
  'audit.verifying': 'Vérification…',
  'audit.verifyOk_one': 'La chaîne est intacte : {count} entrée vérifiée.',
  'audit.verifyOk_other': 'La chaîne est intacte : {count} entrées vérifiées.',
  'audit.verifyBroken':
    'La chaîne est rompue à l’entrée {seq} ({count} entrées vérifiées). Le journal a peut-être été modifié : prévenez la personne responsable de la sécurité.',

  'notFound.pageTitle': 'Page introuvable – Passerelle',
  'notFound.heading': 'Page introuvable',
  'notFound.text': 'Cette adresse ne correspond à aucune page.',
  'noAccess.pageTitle': 'Accès refusé – Passerelle',
  'noAccess.heading': 'Vous n’avez pas accès à cette page',
  'noAccess.text':
    'Votre rôle ne le permet pas. Si vous en avez besoin, demandez à votre administrateur.',
};
