// Messages français des écrans « partners » (fusionnés dans fr.ts). Mêmes clés que partners.en.ts.
import type { enPartners } from './partners.en';

export const frPartners: Record<keyof typeof enPartners, string> = {};
