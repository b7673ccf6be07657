// English messages for the procedures screens (merged into en.ts). fr: procedures.fr.ts, same keys.
export const enProcedures = {} as const;
