// DOMAIN.md: Egyptian national ID `C YYMMDD GG SSSS K`; derived for display while typing.
// The server stays the authority; this only shows the doctor what the ID says.
import type { Key } from './i18n';

export const GOVERNORATES: Record<string, [string, string]> = {
  '01': ['Cairo', 'القاهرة'], '02': ['Alexandria', 'الإسكندرية'], '03': ['Port Said', 'بورسعيد'], '04': ['Suez', 'السويس'],
  '11': ['Damietta', 'دمياط'], '12': ['Dakahlia', 'الدقهلية'], '13': ['Sharqia', 'الشرقية'], '14': ['Qalyubia', 'القليوبية'],
  '15': ['Kafr El Sheikh', 'كفر الشيخ'], '16': ['Gharbia', 'الغربية'], '17': ['Monufia', 'المنوفية'], '18': ['Beheira', 'البحيرة'],
  '19': ['Ismailia', 'الإسماعيلية'], '21': ['Giza', 'الجيزة'], '22': ['Beni Suef', 'بني سويف'], '23': ['Fayoum', 'الفيوم'],
  '24': ['Minya', 'المنيا'], '25': ['Assiut', 'أسيوط'], '26': ['Sohag', 'سوهاج'], '27': ['Qena', 'قنا'], '28': ['Aswan', 'أسوان'],
  '29': ['Luxor', 'الأقصر'], '31': ['Red Sea', 'البحر الأحمر'], '32': ['New Valley', 'الوادي الجديد'], '33': ['Matrouh', 'مطروح'],
  '34': ['North Sinai', 'شمال سيناء'], '35': ['South Sinai', 'جنوب سيناء'], '88': ['Born abroad', 'مولود بالخارج'],
};

/** A governorate as code ("01"), English or Arabic name, or the API's {code, name, name_ar} object. */
export function governorateName(g: unknown, lang: 'en' | 'ar'): string {
  if (!g) return '—';
  if (typeof g === 'object') {
    const o = g as { code?: string; name?: string | null; name_ar?: string | null };
    const named = lang === 'ar' ? o.name_ar ?? o.name : o.name ?? o.name_ar;
    return named ?? (o.code ? governorateName(o.code, lang) : '—');
  }
  const codeOrName = String(g);
  const byCode = GOVERNORATES[codeOrName.padStart(2, '0')];
  if (byCode) return byCode[lang === 'ar' ? 1 : 0];
  const entry = Object.values(GOVERNORATES).find(([en, ar]) => en.toLowerCase() === codeOrName.toLowerCase() || ar === codeOrName);
  return entry ? entry[lang === 'ar' ? 1 : 0] : codeOrName;
}

/** Arabic-Indic (٠-٩) and Persian (۰-۹) digits to ASCII, spaces and dashes removed. */
export function normaliseDigits(s: string): string {
  return s.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06F0))
    .replace(/[\s-]/g, '');
}

export interface Derived { birthDate: string; sex: 'male' | 'female'; governorate: string; ageYears: number }
export type NidCheck = { ok: true; id: string; derived: Derived } | { ok: false; id: string; error: Key; n?: number; partial?: Partial<Derived> };

export function checkNationalId(raw: string, today = new Date()): NidCheck {
  const id = normaliseDigits(raw);
  if (!/^\d*$/.test(id)) return { ok: false, id, error: 'nid_err_digits' };
  const partial: Partial<Derived> = {};
  if (id.length >= 1 && id[0] !== '2' && id[0] !== '3') return { ok: false, id, error: 'nid_err_century' };
  let dateErr: Key | undefined;
  if (id.length >= 7) {
    const year = (id[0] === '2' ? 1900 : 2000) + Number(id.slice(1, 3));
    const month = Number(id.slice(3, 5));
    const day = Number(id.slice(5, 7));
    const d = new Date(Date.UTC(year, month - 1, day));
    if (month < 1 || month > 12 || d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) dateErr = 'nid_err_date';
    else if (d.getTime() > today.getTime()) dateErr = 'nid_err_future';
    else {
      partial.birthDate = d.toISOString().slice(0, 10);
      let age = today.getUTCFullYear() - year;
      if (today.getUTCMonth() < month - 1 || (today.getUTCMonth() === month - 1 && today.getUTCDate() < day)) age -= 1;
      partial.ageYears = age;
    }
  }
  if (dateErr) return { ok: false, id, error: dateErr, partial };
  if (id.length >= 9) {
    const g = id.slice(7, 9);
    if (!GOVERNORATES[g]) return { ok: false, id, error: 'nid_err_gov', partial };
    partial.governorate = g;
  }
  if (id.length >= 13) partial.sex = Number(id[12]) % 2 === 1 ? 'male' : 'female';
  if (id.length !== 14) return { ok: false, id, error: 'nid_err_length', n: id.length, partial };
  return { ok: true, id, derived: partial as Derived };
}
