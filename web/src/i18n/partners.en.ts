// English messages for the partners screens (merged into en.ts). fr: partners.fr.ts, same keys.
export const enPartners = {} as const;
