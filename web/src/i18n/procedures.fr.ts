// Messages français des écrans « procedures » (fusionnés dans fr.ts). Mêmes clés que procedures.en.ts.
import type { enProcedures } from './procedures.en';

export const frProcedures: Record<keyof typeof enProcedures, string> = {};
