// The one i18n module: every user-visible string in English and Arabic, the language choice
// (?lang=ar|en, remembered), <html lang dir>, and Intl formatting per language.

export type Lang = 'en' | 'ar';

// Each entry: [English, Arabic]. `{name}` placeholders are filled by t(key, params).
const S = {
  // ---- brand, shell
  app_name: ['HealthFlow', 'هيلث فلو'],
  app_tagline: ["Egypt's national digital prescription platform", 'المنصة الوطنية للوصفات الطبية الإلكترونية في مصر'],
  skip_to_content: ['Skip to main content', 'انتقل إلى المحتوى الرئيسي'],
  language: ['Language', 'اللغة'],
  switch_language: ['العربية', 'English'],
  switch_language_label: ['Switch to Arabic', 'التبديل إلى الإنجليزية'],
  arabic_digits: ['Arabic-Indic digits', 'أرقام هندية (٠١٢)'],
  logout: ['Sign out', 'تسجيل الخروج'],
  signed_in_as: ['Signed in as {name}', 'مسجّل الدخول باسم {name}'],
  main_nav: ['Sections', 'الأقسام'],
  loading: ['Loading…', 'جارٍ التحميل…'],
  close: ['Close', 'إغلاق'],
  cancel: ['Cancel', 'إلغاء'],
  save: ['Save', 'حفظ'],
  search: ['Search', 'بحث'],
  submit: ['Submit', 'إرسال'],
  print: ['Print', 'طباعة'],
  refresh: ['Refresh', 'تحديث'],
  load_more: ['Load more', 'تحميل المزيد'],
  none: ['None', 'لا يوجد'],
  nothing_yet: ['Nothing to show yet.', 'لا يوجد ما يُعرض بعد.'],
  yes: ['Yes', 'نعم'],
  no: ['No', 'لا'],
  actions: ['Actions', 'إجراءات'],
  required: ['required', 'مطلوب'],
  optional: ['optional', 'اختياري'],
  copy: ['Copy', 'نسخ'],
  copied: ['Copied', 'تم النسخ'],
  remove: ['Remove', 'إزالة'],
  view: ['View', 'عرض'],
  back: ['Back', 'رجوع'],
  reason: ['Reason', 'السبب'],
  status: ['Status', 'الحالة'],
  date: ['Date', 'التاريخ'],
  from: ['From', 'من'],
  to: ['To', 'إلى'],
  name: ['Name', 'الاسم'],
  name_ar: ['Name in Arabic', 'الاسم بالعربية'],
  all: ['All', 'الكل'],
  saved: ['Saved.', 'تم الحفظ.'],
  field_required: ['This field is required.', 'هذا الحقل مطلوب.'],
  // portals
  portal_doctor: ['Doctor', 'الطبيب'],
  portal_pharmacy: ['Pharmacy', 'الصيدلية'],
  portal_patient: ['Patient', 'المريض'],
  portal_admin: ['Administration', 'الإدارة'],
  portal_regulator: ['Regulator (EDA)', 'الجهة الرقابية (هيئة الدواء)'],
  portal_doctor_desc: ['Find or register patients, write and sign prescriptions with safety checks.', 'ابحث عن المرضى أو سجّلهم، واكتب الوصفات ووقّعها مع فحوص السلامة.'],
  portal_pharmacy_desc: ['Verify a prescription by QR code or code and dispense it.', 'تحقّق من الوصفة برمز QR أو بالكود واصرفها.'],
  portal_patient_desc: ['Your prescriptions and their QR codes, dispensings, allergies and who saw your record.', 'وصفاتك ورموزها، وما صُرف منها، وحساسيتك، ومن اطّلع على ملفك.'],
  portal_admin_desc: ['Facilities, staff accounts, API keys, the audit log and system status.', 'المنشآت وحسابات العاملين ومفاتيح الربط وسجل التدقيق وحالة النظام.'],
  portal_regulator_desc: ['Dashboards, medicine directory, recalls, adverse events and approvals.', 'لوحات المتابعة ودليل الأدوية والسحب والآثار الجانبية والموافقات.'],
  landing_title: ['Choose your portal', 'اختر بوابتك'],
  open_portal: ['Open the {portal} portal', 'افتح بوابة {portal}'],
  demo_title: ['Trying it out?', 'تجربة النظام؟'],
  demo_text: ['On an empty database `make run` seeds a demo world (also `healthflow demo seed`) and prints the demo log-ins once in the server\'s terminal output. Use those user names and passwords here.', 'عند التشغيل بقاعدة بيانات فارغة يقوم `make run` بإنشاء بيانات تجريبية (أو `healthflow demo seed`) ويطبع بيانات الدخول التجريبية مرة واحدة في مخرجات الخادم. استخدم أسماء المستخدمين وكلمات المرور تلك هنا.'],
  landing_api_docs: ['API reference', 'مرجع واجهة البرمجة'],

  // ---- login
  login_title: ['Sign in to the {portal} portal', 'تسجيل الدخول إلى بوابة {portal}'],
  username: ['User name', 'اسم المستخدم'],
  password: ['Password', 'كلمة المرور'],
  sign_in: ['Sign in', 'دخول'],
  signing_in: ['Signing in…', 'جارٍ الدخول…'],
  totp_title: ['Second factor', 'التحقق بخطوتين'],
  totp_prompt: ['Enter the 6-digit code from your authenticator app.', 'أدخل الرمز المكوّن من 6 أرقام من تطبيق المصادقة.'],
  totp_code: ['Authenticator code', 'رمز المصادقة'],
  verify: ['Verify', 'تحقّق'],
  enroll_title: ['Set up your second factor', 'إعداد التحقق بخطوتين'],
  enroll_text: ['Your role needs a second factor. Scan this QR code with an authenticator app (or type the secret), then enter the code it shows.', 'يتطلب دورك تحققًا بخطوتين. امسح رمز QR هذا بتطبيق مصادقة (أو اكتب المفتاح السري)، ثم أدخل الرمز الذي يظهر.'],
  enroll_secret: ['Secret key', 'المفتاح السري'],
  enroll_confirm: ['Confirm and sign in', 'تأكيد وتسجيل الدخول'],
  enroll_done: ['Second factor is on. Enter a new code to finish signing in.', 'تم تفعيل التحقق بخطوتين. أدخل رمزًا جديدًا لإكمال الدخول.'],
  wrong_portal: ['This account is a {role} account and cannot use this portal.', 'هذا الحساب من نوع «{role}» ولا يمكنه استخدام هذه البوابة.'],
  go_to_portal: ['Go to the {portal} portal', 'اذهب إلى بوابة {portal}'],
  session_expired: ['Your session has ended. Sign in again to continue; what you typed on the page is kept.', 'انتهت جلستك. سجّل الدخول مرة أخرى للمتابعة؛ ما كتبته في الصفحة محفوظ.'],
  logged_out: ['You have signed out.', 'تم تسجيل خروجك.'],
  start_over: ['Start over', 'البدء من جديد'],

  // ---- roles
  role_doctor: ['doctor', 'طبيب'],
  role_pharmacist: ['pharmacist', 'صيدلي'],
  role_patient: ['patient', 'مريض'],
  role_admin: ['administrator', 'مدير النظام'],
  role_facility_admin: ['facility administrator', 'مدير منشأة'],
  role_regulator: ['regulator', 'مسؤول رقابي'],

  // ---- errors (problem+json → a sentence)
  err_network: ['The server could not be reached. Check the connection and try again.', 'تعذّر الوصول إلى الخادم. تحقّق من الاتصال وحاول مرة أخرى.'],
  err_400: ['The request was not understood. Check the highlighted fields and try again.', 'لم يُفهم الطلب. راجع الحقول المحددة وحاول مرة أخرى.'],
  err_401: ['The user name or password is not correct. Check them and try again.', 'اسم المستخدم أو كلمة المرور غير صحيحة. تحقّق منهما وحاول مرة أخرى.'],
  err_401_code: ['That code was not accepted. Wait for a new code in your app and enter it.', 'لم يُقبل هذا الرمز. انتظر رمزًا جديدًا في التطبيق وأدخله.'],
  err_403: ['Your account is not allowed to do this. Ask an administrator if you need access.', 'حسابك غير مسموح له بهذا الإجراء. اطلب الصلاحية من مدير النظام إن احتجت إليها.'],
  err_404: ['Not found. Check the code or number and try again.', 'غير موجود. تحقّق من الكود أو الرقم وحاول مرة أخرى.'],
  err_409: ['This conflicts with the current state: {detail}', 'يتعارض هذا مع الحالة الحالية: {detail}'],
  err_409_plain: ['This conflicts with the current state of the record. Refresh and check it.', 'يتعارض هذا مع الحالة الحالية للسجل. حدّث الصفحة وتحقّق منه.'],
  err_413: ['What you sent is too large (limit 1 MiB). Send a smaller file.', 'ما أرسلته كبير جدًا (الحد 1 ميجابايت). أرسل ملفًا أصغر.'],
  err_415: ['The server expected JSON. Reload the page and try again.', 'كان الخادم ينتظر JSON. أعد تحميل الصفحة وحاول مرة أخرى.'],
  err_422: ['Some values break a rule. Correct the fields listed below.', 'بعض القيم تخالف قاعدة. صحّح الحقول المذكورة أدناه.'],
  err_429: ['Too many attempts. Wait {seconds} seconds and try again.', 'محاولات كثيرة. انتظر {seconds} ثانية وحاول مرة أخرى.'],
  err_429_plain: ['Too many attempts. Wait a minute and try again.', 'محاولات كثيرة. انتظر دقيقة وحاول مرة أخرى.'],
  err_503: ['The service is temporarily unavailable. Try again in a minute.', 'الخدمة غير متاحة مؤقتًا. حاول مرة أخرى بعد دقيقة.'],
  err_5xx: ['Something went wrong on the server. Try again; if it keeps happening, contact support with reference {ref}.', 'حدث خطأ في الخادم. حاول مرة أخرى؛ وإن تكرر فتواصل مع الدعم مع ذكر المرجع {ref}.'],
  err_generic: ['Something went wrong. Try again.', 'حدث خطأ ما. حاول مرة أخرى.'],
  err_mfa_required: ['Enter the code from your authenticator app.', 'أدخل الرمز من تطبيق المصادقة.'],
  err_verification_required: ['Verify this prescription again before dispensing: this pharmacy last verified it too long ago. Ask the patient for the prescription code or scan the QR code again.', 'تحقّق من هذه الوصفة مرة أخرى قبل الصرف: آخر تحقق منها في هذه الصيدلية كان منذ مدة طويلة. اطلب من المريض كود الوصفة أو امسح رمز QR مرة أخرى.'],
  err_mfa_enrollment_required: ['Your account needs a second factor. Set it up to continue.', 'يحتاج حسابك إلى تحقق بخطوتين. أعدّه للمتابعة.'],
  err_session: ['Your session has ended. Sign in again.', 'انتهت جلستك. سجّل الدخول مرة أخرى.'],
  err_server_says: ['Server message: {detail}', 'رسالة الخادم: {detail}'],
  err_field: ['{field}: {message}', '{field}: {message}'],
  err_feature_missing: ['This server does not offer this yet.', 'هذا الخادم لا يوفر هذه الخاصية بعد.'],

  // ---- national ID
  national_id: ['National ID (14 digits)', 'الرقم القومي (14 رقمًا)'],
  nid_hint: ['Arabic or Western digits. Birth date, sex and governorate are read from it.', 'أرقام عربية أو هندية. يُستخرج منه تاريخ الميلاد والنوع والمحافظة.'],
  nid_derived: ['From the ID', 'من الرقم القومي'],
  nid_err_length: ['A national ID has 14 digits ({n} typed).', 'الرقم القومي 14 رقمًا (كُتب {n}).'],
  nid_err_digits: ['Only digits are allowed.', 'يُسمح بالأرقام فقط.'],
  nid_err_century: ['The first digit must be 2 (born 1900s) or 3 (born 2000s).', 'يجب أن يكون الرقم الأول 2 (مواليد 1900) أو 3 (مواليد 2000).'],
  nid_err_date: ['Digits 2–7 are not a possible birth date.', 'الأرقام من 2 إلى 7 لا تمثل تاريخ ميلاد ممكنًا.'],
  nid_err_future: ['The birth date is in the future.', 'تاريخ الميلاد في المستقبل.'],
  nid_err_gov: ['Digits 8–9 are not a known governorate code.', 'الرقمان 8 و9 ليسا كود محافظة معروفًا.'],
  birth_date: ['Birth date', 'تاريخ الميلاد'],
  sex: ['Sex', 'النوع'],
  sex_male: ['Male', 'ذكر'],
  sex_female: ['Female', 'أنثى'],
  governorate: ['Governorate', 'المحافظة'],
  age: ['Age', 'العمر'],
  age_years: ['{n} years', '{n} سنة'],

  // ---- patients
  find_patient: ['Find a patient', 'البحث عن مريض'],
  find: ['Find', 'بحث'],
  patient_not_found: ['No patient has this national ID yet. Register them below.', 'لا يوجد مريض بهذا الرقم القومي بعد. سجّله أدناه.'],
  register_patient: ['Register a new patient', 'تسجيل مريض جديد'],
  register: ['Register', 'تسجيل'],
  full_name: ['Full name', 'الاسم الكامل'],
  full_name_ar: ['Full name in Arabic', 'الاسم الكامل بالعربية'],
  phone: ['Mobile phone', 'رقم الهاتف المحمول'],
  allergies: ['Allergies', 'الحساسية'],
  allergies_hint: ['Separate with commas, e.g. penicillin, sulfa', 'افصل بينها بفواصل، مثل: بنسلين، سلفا'],
  conditions: ['Conditions', 'الأمراض المزمنة'],
  conditions_hint: ['Separate with commas, e.g. diabetes, hypertension', 'افصل بينها بفواصل، مثل: سكري، ضغط'],
  active_meds: ['Active medications', 'الأدوية الحالية'],
  no_allergies: ['No known allergies recorded.', 'لا توجد حساسية مسجلة.'],
  patient_registered: ['Patient registered.', 'تم تسجيل المريض.'],
  access_reason: ['Reason for opening the record', 'سبب الاطلاع على الملف'],
  access_reason_treatment: ['Treatment (current visit)', 'علاج (الزيارة الحالية)'],
  access_reason_followup: ['Follow-up', 'متابعة'],
  access_reason_emergency: ['Emergency', 'طوارئ'],
  show_history: ['Show medication history', 'عرض السجل الدوائي'],
  patient: ['Patient', 'المريض'],
  change_patient: ['Change patient', 'تغيير المريض'],

  // ---- drugs & prescription writing
  new_prescription: ['New prescription', 'وصفة جديدة'],
  facility: ['Facility', 'المنشأة'],
  diagnosis_codes: ['Diagnosis codes (ICD-10)', 'أكواد التشخيص (ICD-10)'],
  diagnosis_hint: ['Separate with commas, e.g. J02.9, I10', 'افصل بينها بفواصل، مثل: J02.9, I10'],
  drug_search: ['Add a medicine (type trade or generic name, Arabic or English)', 'أضف دواءً (اكتب الاسم التجاري أو العلمي بالعربية أو الإنجليزية)'],
  drug_search_short: ['Medicine', 'الدواء'],
  drug_no_match: ['No medicine matches “{q}”.', 'لا يوجد دواء يطابق «{q}».'],
  drug_results: ['{n} medicines found. Use the arrow keys to choose.', 'تم العثور على {n} دواء. استخدم الأسهم للاختيار.'],
  controlled: ['Controlled', 'جدول (مراقَب)'],
  dose: ['Dose', 'الجرعة'],
  dose_unit: ['Unit', 'الوحدة'],
  times_per_day: ['Times a day', 'مرات يوميًا'],
  duration_days: ['Days', 'عدد الأيام'],
  quantity: ['Quantity (packs)', 'الكمية (عبوات)'],
  route: ['Route', 'طريقة الاستعمال'],
  instructions: ['Instructions', 'تعليمات'],
  instr_none: ['—', '—'],
  instr_after_meals: ['after meals', 'بعد الأكل'],
  instr_before_meals: ['before meals', 'قبل الأكل'],
  instr_with_food: ['with food', 'مع الطعام'],
  instr_at_bedtime: ['at bedtime', 'عند النوم'],
  instr_as_needed: ['when needed', 'عند اللزوم'],
  substitution_allowed: ['Generic substitution allowed', 'يُسمح بالبديل'],
  repeats: ['Repeats', 'مرات التكرار'],
  repeat_interval: ['Every (days)', 'كل (أيام)'],
  items: ['Medicines', 'الأدوية'],
  no_items: ['No medicine added yet.', 'لم يُضف أي دواء بعد.'],
  notes: ['Notes', 'ملاحظات'],
  unit_tablet: ['tablet', 'قرص'],
  unit_capsule: ['capsule', 'كبسولة'],
  unit_mL: ['mL', 'مل'],
  unit_mg: ['mg', 'مجم'],
  unit_drop: ['drop', 'نقطة'],
  unit_puff: ['puff', 'بخة'],
  unit_sachet: ['sachet', 'كيس'],
  unit_unit: ['unit', 'وحدة'],
  unit_application: ['application', 'دهان'],
  safety_checks: ['Safety checks', 'فحوص السلامة'],
  checking: ['Checking…', 'جارٍ الفحص…'],
  no_alerts: ['No alerts for these medicines.', 'لا توجد تنبيهات لهذه الأدوية.'],
  sev_contraindicated: ['Contraindicated', 'ممنوع الاستعمال'],
  sev_major: ['Major', 'خطير'],
  sev_moderate: ['Moderate', 'متوسط'],
  sev_minor: ['Minor', 'بسيط'],
  sev_info: ['Information', 'معلومة'],
  kind_interaction: ['Drug interaction', 'تداخل دوائي'],
  kind_allergy: ['Allergy', 'حساسية'],
  kind_duplicate: ['Duplicate therapy', 'علاج مكرر'],
  kind_dose: ['Dose above maximum', 'جرعة أعلى من الحد'],
  kind_age: ['Age contraindication', 'غير مناسب للعمر'],
  override: ['Override this alert', 'تجاوز هذا التنبيه'],
  override_reason: ['Reason for override', 'سبب التجاوز'],
  override_needed: ['Blocking alerts need an override with a reason before signing.', 'التنبيهات المانعة تحتاج إلى تجاوز مع ذكر السبب قبل التوقيع.'],
  sign_prescription: ['Sign and issue', 'توقيع وإصدار'],
  signing: ['Signing…', 'جارٍ التوقيع…'],
  signed_ok: ['Prescription issued. Code {code}.', 'تم إصدار الوصفة. الكود {code}.'],
  clear_draft: ['Clear', 'مسح'],
  totp_for_signing: ['Authenticator code (needed to sign)', 'رمز المصادقة (مطلوب للتوقيع)'],
  totp_setup_for_signing: ['Prescribing this medicine needs your second factor. Set up an authenticator app now, then sign with its next code.', 'وصف هذا الدواء يتطلب التحقق بخطوتين. أعدّ تطبيق المصادقة الآن، ثم وقّع بالرمز التالي منه.'],
  totp_setup_done: ['Second factor is on. Enter the next code from your app and sign.', 'تم تفعيل التحقق بخطوتين. أدخل الرمز التالي من التطبيق ثم وقّع.'],
  code_typo: ['This code has a typing mistake: check it character by character against the prescription.', 'في هذا الكود خطأ كتابي: قارنه حرفًا حرفًا بالوصفة.'],

  // ---- prescriptions
  prescription: ['Prescription', 'وصفة طبية'],
  prescription_code: ['Code', 'الكود'],
  my_prescriptions: ['My prescriptions', 'وصفاتي'],
  issued_at: ['Issued', 'تاريخ الإصدار'],
  expires_at: ['Valid until', 'صالحة حتى'],
  prescriber: ['Prescriber', 'الطبيب'],
  remaining: ['Remaining', 'المتبقي'],
  st_active: ['Active', 'سارية'],
  st_partially_dispensed: ['Partly dispensed', 'مصروفة جزئيًا'],
  st_dispensed: ['Dispensed', 'مصروفة'],
  st_cancelled: ['Cancelled', 'ملغاة'],
  st_expired: ['Expired', 'منتهية'],
  st_pending_approval: ['Waiting for approval', 'في انتظار الموافقة'],
  st_rejected: ['Rejected', 'مرفوضة'],
  st_draft: ['Draft', 'مسودة'],
  cancel_prescription: ['Cancel prescription', 'إلغاء الوصفة'],
  cancel_reason: ['Reason for cancelling', 'سبب الإلغاء'],
  cancelled_ok: ['Prescription cancelled.', 'تم إلغاء الوصفة.'],
  confirm_cancel: ['Confirm cancellation', 'تأكيد الإلغاء'],
  print_title: ['Electronic prescription', 'وصفة طبية إلكترونية'],
  scan_hint: ['Show this QR code at any pharmacy, or tell them the code.', 'اعرض رمز QR هذا في أي صيدلية، أو أخبرهم بالكود.'],
  qr_alt: ['QR code of prescription {code}', 'رمز QR للوصفة {code}'],
  qr_unavailable: ['The QR code could not be loaded; use the code instead.', 'تعذّر تحميل رمز QR؛ استخدم الكود بدلًا منه.'],
  sig: ['Directions', 'طريقة الاستعمال'],
  dispensings: ['Dispensings', 'عمليات الصرف'],
  dispensed_where: ['What was dispensed where', 'ما صُرف وأين'],
  no_dispensings: ['Nothing dispensed yet.', 'لم يُصرف شيء بعد.'],
  active_and_past: ['Active and past prescriptions', 'الوصفات الحالية والسابقة'],

  // ---- pharmacy
  verify_title: ['Verify a prescription', 'التحقق من وصفة'],
  rx_code_input: ['Prescription code', 'كود الوصفة'],
  rx_code_hint: ['As printed under the QR code, e.g. HF-7K2M-9QXD', 'كما هو مطبوع تحت رمز QR، مثل HF-7K2M-9QXD'],
  scan_qr: ['Scan QR with camera', 'مسح رمز QR بالكاميرا'],
  stop_scan: ['Stop camera', 'إيقاف الكاميرا'],
  camera_error: ['The camera could not be started ({detail}). Type the code instead.', 'تعذّر تشغيل الكاميرا ({detail}). اكتب الكود بدلًا من ذلك.'],
  camera_hint: ['Point the camera at the QR code.', 'وجّه الكاميرا نحو رمز QR.'],
  v_valid: ['VALID — may be dispensed', 'صالحة — يمكن صرفها'],
  v_cancelled: ['CANCELLED — do not dispense', 'ملغاة — لا تصرفها'],
  v_expired: ['EXPIRED — do not dispense', 'منتهية الصلاحية — لا تصرفها'],
  v_dispensed: ['FULLY DISPENSED — nothing left', 'مصروفة بالكامل — لم يتبقَّ شيء'],
  v_forged: ['FORGED OR ALTERED — do not dispense', 'مزوّرة أو معدّلة — لا تصرفها'],
  v_not_found: ['UNKNOWN CODE — no such prescription', 'كود غير معروف — لا توجد وصفة بهذا الكود'],
  v_pending: ['NOT YET APPROVED — do not dispense', 'لم تتم الموافقة بعد — لا تصرفها'],
  v_rejected: ['REJECTED — do not dispense', 'مرفوضة — لا تصرفها'],
  v_invalid: ['NOT VALID — do not dispense', 'غير صالحة — لا تصرفها'],
  v_forged_help: ['The signature does not match. Keep the paper, do not dispense, and report it.', 'التوقيع غير مطابق. احتفظ بالورقة ولا تصرفها وأبلغ عنها.'],
  dispense: ['Dispense', 'صرف'],
  dispense_qty: ['Dispense now', 'الكمية المصروفة الآن'],
  dispense_all: ['Fill all remaining', 'ملء كل المتبقي'],
  dispensed_product: ['Product dispensed', 'المنتج المصروف'],
  as_prescribed: ['As prescribed', 'كما في الوصفة'],
  batch_no: ['Batch no.', 'رقم التشغيلة'],
  id_checked: ['I checked the patient\'s national ID card (controlled medicine).', 'تحققت من بطاقة الرقم القومي للمريض (دواء مراقَب).'],
  id_check_needed: ['Check the patient\'s ID card and tick the box for controlled medicines.', 'تحقّق من بطاقة المريض وضع علامة في المربع للأدوية المراقَبة.'],
  nothing_to_dispense: ['Enter a quantity for at least one medicine.', 'أدخل كمية لدواء واحد على الأقل.'],
  dispensed_ok: ['Dispensed. Prescription is now: {status}.', 'تم الصرف. حالة الوصفة الآن: {status}.'],
  receipt: ['Dispensing receipt', 'إيصال الصرف'],
  print_receipt: ['Print receipt', 'طباعة الإيصال'],
  today_dispensings: ["Today's dispensings", 'صرف اليوم'],
  today_local_note: ['Dispensings made from this browser today.', 'عمليات الصرف من هذا المتصفح اليوم.'],
  recalls: ['Recalls', 'سحب الأدوية'],
  active_recalls: ['Active recalls: {n}', 'عمليات سحب سارية: {n}'],
  recall_class: ['Class {n}', 'الفئة {n}'],
  recall_in_rx: ['This prescription contains a recalled medicine. Check the batch before dispensing.', 'هذه الوصفة تحتوي على دواء مسحوب. تحقّق من رقم التشغيلة قبل الصرف.'],
  batches: ['Batches', 'التشغيلات'],
  all_batches: ['all batches', 'كل التشغيلات'],
  new_verification: ['Verify another', 'تحقق من وصفة أخرى'],
  equivalents_loading: ['Loading equivalents…', 'جارٍ تحميل البدائل…'],
  not_substitutable: ['No substitution', 'بدون بديل'],

  // ---- adverse events
  adverse_report: ['Report an adverse reaction', 'الإبلاغ عن أثر جانبي'],
  ae_drug: ['Suspected medicine', 'الدواء المشتبه به'],
  ae_age: ['Patient age (years)', 'عمر المريض (سنوات)'],
  ae_age_band: ['Patient age group', 'الفئة العمرية للمريض'],
  ae_narrative_hint: ['Do not write the patient\'s name or national ID.', 'لا تكتب اسم المريض أو رقمه القومي.'],
  sex_unknown: ['Unknown', 'غير معروف'],
  description: ['What happened', 'ما حدث'],
  serious_count: ['Serious', 'خطير'],
  total: ['Total', 'الإجمالي'],
  ae_reaction: ['Reaction', 'الأثر الجانبي'],
  ae_seriousness: ['Seriousness', 'الخطورة'],
  ae_serious: ['Serious', 'خطير'],
  ae_non_serious: ['Not serious', 'غير خطير'],
  ae_outcome: ['Outcome', 'النتيجة'],
  ae_outcome_recovered: ['Recovered', 'تعافى'],
  ae_outcome_recovering: ['Recovering', 'في طور التعافي'],
  ae_outcome_not_recovered: ['Not recovered', 'لم يتعافَ'],
  ae_outcome_fatal: ['Fatal', 'وفاة'],
  ae_outcome_unknown: ['Unknown', 'غير معروف'],
  ae_description: ['What happened', 'ماذا حدث'],
  ae_sent: ['Report sent to the EDA. Thank you.', 'تم إرسال البلاغ إلى هيئة الدواء. شكرًا لك.'],
  ae_choose_drug: ['Choose the medicine from the list.', 'اختر الدواء من القائمة.'],
  ae_status_received: ['Received', 'مستلم'],
  ae_status_under_review: ['Under review', 'قيد المراجعة'],
  ae_status_closed: ['Closed', 'مغلق'],

  // ---- patient portal
  my_allergies: ['My allergies and conditions', 'الحساسية والأمراض'],
  access_log: ['Who accessed my record', 'من اطّلع على ملفي'],
  who: ['Who', 'مَن'],
  role: ['Role', 'الدور'],
  action: ['Action', 'الإجراء'],
  when: ['When', 'متى'],
  why: ['Why', 'لماذا'],
  no_patient_link: ['This account is not linked to a patient record. Ask the clinic to link it.', 'هذا الحساب غير مرتبط بملف مريض. اطلب من العيادة ربطه.'],

  // ---- admin
  facilities: ['Facilities', 'المنشآت'],
  staff: ['Staff', 'العاملون'],
  api_keys: ['API keys', 'مفاتيح الربط'],
  audit_log: ['Audit log', 'سجل التدقيق'],
  system_status: ['System status', 'حالة النظام'],
  facility_type: ['Type', 'النوع'],
  ft_clinic: ['Clinic', 'عيادة'],
  ft_hospital: ['Hospital', 'مستشفى'],
  ft_pharmacy: ['Pharmacy', 'صيدلية'],
  license_no: ['Licence no.', 'رقم الترخيص'],
  address: ['Address', 'العنوان'],
  add_facility: ['Add a facility', 'إضافة منشأة'],
  facility_created: ['Facility created.', 'تمت إضافة المنشأة.'],
  add_user: ['Create a staff account', 'إنشاء حساب موظف'],
  user_created: ['Account created.', 'تم إنشاء الحساب.'],
  suspend: ['Suspend', 'إيقاف'],
  activate: ['Activate', 'تفعيل'],
  us_active: ['Active', 'نشط'],
  us_suspended: ['Suspended', 'موقوف'],
  us_pending: ['Pending approval', 'في انتظار الموافقة'],
  user_suspended: ['{name} is suspended.', 'تم إيقاف {name}.'],
  user_activated: ['{name} is active.', 'تم تفعيل {name}.'],
  facilities_of_user: ['Facilities', 'المنشآت'],
  key_name: ['Key name', 'اسم المفتاح'],
  permissions: ['Permissions', 'الصلاحيات'],
  permissions_hint: ['Separate with commas, e.g. prescriptions:read, patients:read', 'افصل بينها بفواصل'],
  create_key: ['Create key', 'إنشاء مفتاح'],
  key_shown_once: ['Copy this key now. It will not be shown again.', 'انسخ هذا المفتاح الآن. لن يظهر مرة أخرى.'],
  revoke: ['Revoke', 'إلغاء المفتاح'],
  revoked: ['Key revoked.', 'تم إلغاء المفتاح.'],
  created_at: ['Created', 'تاريخ الإنشاء'],
  actor: ['Actor (user id)', 'المنفّذ (معرّف المستخدم)'],
  patient_id: ['Patient id', 'معرّف المريض'],
  outcome: ['Outcome', 'النتيجة'],
  source_ip: ['From address', 'من العنوان'],
  filter: ['Filter', 'تصفية'],
  verify_chain: ['Verify the chain', 'التحقق من السلسلة'],
  chain_ok: ['Audit chain intact: {n} entries verified.', 'سلسلة التدقيق سليمة: تم التحقق من {n} سجل.'],
  chain_bad: ['Audit chain BROKEN: first bad entry {id}.', 'سلسلة التدقيق مكسورة: أول سجل تالف {id}.'],
  health: ['Health', 'السلامة'],
  version: ['Version', 'الإصدار'],
  database: ['Database', 'قاعدة البيانات'],
  migrations: ['Migrations', 'ترحيلات قاعدة البيانات'],
  latency: ['Latency', 'زمن الاستجابة'],
  ok: ['OK', 'سليم'],
  unavailable: ['Unavailable', 'غير متاح'],
  commit: ['Commit', 'النسخة'],
  build_time: ['Built', 'وقت البناء'],
  schema_version: ['Schema version', 'إصدار المخطط'],

  // ---- regulator
  dashboard: ['Dashboard', 'لوحة المتابعة'],
  medicine_directory: ['Medicine directory', 'دليل الأدوية'],
  adverse_events: ['Adverse events', 'الآثار الجانبية'],
  approvals: ['Approvals', 'الموافقات'],
  apply: ['Apply', 'تطبيق'],
  download_csv: ['Download CSV', 'تنزيل CSV'],
  total_prescriptions: ['Prescriptions', 'الوصفات'],
  total_dispensations: ['Dispensings', 'عمليات الصرف'],
  rx_over_time: ['Prescriptions over time', 'الوصفات عبر الزمن'],
  rx_by_governorate: ['Prescriptions by governorate', 'الوصفات حسب المحافظة'],
  top_ingredients: ['Top active ingredients', 'أكثر المواد الفعالة'],
  who_indicators: ['WHO prescribing indicators', 'مؤشرات الوصف لمنظمة الصحة العالمية'],
  indicator: ['Indicator', 'المؤشر'],
  value: ['Value', 'القيمة'],
  definition: ['Definition', 'التعريف'],
  who_avg_drugs: ['Average medicines per prescription', 'متوسط عدد الأدوية في الوصفة'],
  who_avg_drugs_def: ['Total medicines prescribed ÷ number of prescriptions. WHO reference: 1.6–1.8.', 'إجمالي الأدوية الموصوفة ÷ عدد الوصفات. المرجع: 1.6–1.8.'],
  who_generic: ['% prescribed by generic name', '٪ الموصوفة بالاسم العلمي'],
  who_generic_def: ['Medicines prescribed by generic (INN) name ÷ all medicines prescribed. Reference: 100%.', 'الأدوية الموصوفة بالاسم العلمي ÷ كل الأدوية الموصوفة. المرجع: 100٪.'],
  who_antibiotic: ['% prescriptions with an antibiotic', '٪ الوصفات التي بها مضاد حيوي'],
  who_antibiotic_def: ['Prescriptions with at least one antibiotic ÷ all prescriptions. Reference: 20.0–26.8%.', 'الوصفات التي بها مضاد حيوي واحد على الأقل ÷ كل الوصفات. المرجع: 20–26.8٪.'],
  who_injection: ['% prescriptions with an injection', '٪ الوصفات التي بها حقن'],
  who_injection_def: ['Prescriptions with at least one injection ÷ all prescriptions. Reference: 13.4–24.1%.', 'الوصفات التي بها حقنة واحدة على الأقل ÷ كل الوصفات. المرجع: 13.4–24.1٪.'],
  who_eml: ['% from the essential medicines list', '٪ من قائمة الأدوية الأساسية'],
  who_eml_def: ['Medicines on the national essential medicines list ÷ all medicines prescribed. Reference: 100%.', 'الأدوية المدرجة في القائمة الوطنية للأدوية الأساسية ÷ كل الأدوية الموصوفة. المرجع: 100٪.'],
  controlled_alerts: ['Controlled-substance alerts', 'تنبيهات الأدوية المراقَبة'],
  controlled_alerts_def: ['Patients (pseudonymous) with controlled prescriptions from 3 or more prescribers or dispensed at 3 or more pharmacies within 90 days.', 'مرضى (بمعرّف مستعار) لديهم وصفات أدوية مراقَبة من 3 أطباء أو أكثر أو صُرفت في 3 صيدليات أو أكثر خلال 90 يومًا.'],
  pseudonym: ['Pseudonymous patient', 'مريض (معرّف مستعار)'],
  prescribers: ['Prescribers', 'الأطباء'],
  pharmacies: ['Pharmacies', 'الصيدليات'],
  count: ['Count', 'العدد'],
  interval: ['Interval', 'الفترة'],
  interval_day: ['Day', 'يوم'],
  interval_week: ['Week', 'أسبوع'],
  interval_month: ['Month', 'شهر'],
  chart_table: ['Data table', 'جدول البيانات'],
  trade_name: ['Trade name', 'الاسم التجاري'],
  trade_name_ar: ['Trade name (Arabic)', 'الاسم التجاري (عربي)'],
  ingredients: ['Active ingredients', 'المواد الفعالة'],
  ingredients_hint: ['name strength unit; …  e.g. amoxicillin 500 mg', 'الاسم التركيز الوحدة؛ …'],
  form: ['Form', 'الشكل الصيدلي'],
  pack_size: ['Pack size', 'حجم العبوة'],
  price: ['Price (EGP)', 'السعر (جنيه)'],
  atc: ['ATC code', 'كود ATC'],
  registration_no: ['Registration no.', 'رقم التسجيل'],
  requires_approval: ['Requires approval', 'يتطلب موافقة'],
  ds_active: ['Active', 'متاح'],
  ds_partially_disabled: ['Partially disabled (no new prescriptions)', 'موقوف جزئيًا (لا وصفات جديدة)'],
  ds_permanently_disabled: ['Permanently disabled', 'موقوف نهائيًا'],
  ds_recalled: ['Recalled', 'مسحوب'],
  edit: ['Edit', 'تعديل'],
  add_drug: ['Add a medicine', 'إضافة دواء'],
  bulk_upload: ['Bulk upload (CSV)', 'رفع جماعي (CSV)'],
  bulk_hint: ['The same columns as data/drugs.csv: registration_no, trade_name, trade_name_ar, ingredients (name:strength:unit|…), form, route, pack_size, pack_unit, price_egp, atc_code, controlled_schedule, essential, requires_approval, popularity. All rows are applied or none.', 'نفس أعمدة الملف data/drugs.csv: registration_no, trade_name, trade_name_ar, ingredients (الاسم:التركيز:الوحدة|…), form, route, pack_size, pack_unit, price_egp, atc_code, controlled_schedule, essential, requires_approval, popularity. تُطبّق كل الصفوف أو لا شيء.'],
  choose_file: ['CSV file', 'ملف CSV'],
  upload: ['Upload', 'رفع'],
  bulk_ok: ['{n} rows applied ({inserted} new, {updated} updated).', 'تم تطبيق {n} صف ({inserted} جديد، {updated} محدَّث).'],
  schedule: ['Schedule', 'الجدول'],
  bulk_row_errors: ['Nothing was applied. Fix these rows and upload again:', 'لم يُطبّق شيء. صحّح هذه الصفوف وارفع الملف مرة أخرى:'],
  row_n: ['Line {n}', 'السطر {n}'],
  issue_recall: ['Issue a recall', 'إصدار قرار سحب'],
  recall_products: ['Products', 'المنتجات'],
  recall_batches: ['Batch numbers (comma separated; empty = all)', 'أرقام التشغيلات (مفصولة بفواصل؛ فارغ = الكل)'],
  recall_issued: ['Recall issued.', 'تم إصدار قرار السحب.'],
  affected_pharmacies: ['Affected pharmacies', 'الصيدليات المتأثرة'],
  triage: ['Triage', 'الفرز'],
  reports_by_product: ['Reports by product', 'البلاغات حسب المنتج'],
  approve: ['Approve', 'موافقة'],
  reject: ['Reject', 'رفض'],
  reject_reason: ['Reason for rejecting', 'سبب الرفض'],
  approved_ok: ['Approved.', 'تمت الموافقة.'],
  rejected_ok: ['Rejected.', 'تم الرفض.'],
  pending_queue: ['Prescriptions waiting for approval', 'وصفات في انتظار الموافقة'],
} as const satisfies Record<string, readonly [string, string]>;

export type Key = keyof typeof S;

const LANG_KEY = 'hf.lang';
const DIGITS_KEY = 'hf.digits';

function initialLang(): Lang {
  const q = new URLSearchParams(location.search).get('lang');
  if (q === 'ar' || q === 'en') {
    try { localStorage.setItem(LANG_KEY, q); } catch { /* private mode */ }
    return q;
  }
  let stored: string | null = null;
  try { stored = localStorage.getItem(LANG_KEY); } catch { /* ignore */ }
  if (stored === 'ar' || stored === 'en') return stored;
  return navigator.language?.toLowerCase().startsWith('ar') ? 'ar' : 'en';
}

let current: Lang = initialLang();
let arabicDigits = (() => { try { return localStorage.getItem(DIGITS_KEY) === 'arab'; } catch { return false; } })();

export const LANG_EVENT = 'hf-lang-change';

export function lang(): Lang { return current; }
export function isRtl(): boolean { return current === 'ar'; }
export function useArabicDigits(): boolean { return arabicDigits; }

function applyDocument(): void {
  const html = document.documentElement;
  html.lang = current;
  html.dir = current === 'ar' ? 'rtl' : 'ltr';
}
applyDocument();

export function setLang(l: Lang): void {
  if (l === current) return;
  current = l;
  try { localStorage.setItem(LANG_KEY, l); } catch { /* ignore */ }
  const url = new URL(location.href);
  if (url.searchParams.has('lang')) { url.searchParams.set('lang', l); history.replaceState(history.state, '', url); }
  applyDocument();
  window.dispatchEvent(new CustomEvent(LANG_EVENT));
}

export function setArabicDigits(on: boolean): void {
  arabicDigits = on;
  try { localStorage.setItem(DIGITS_KEY, on ? 'arab' : 'latn'); } catch { /* ignore */ }
  window.dispatchEvent(new CustomEvent(LANG_EVENT));
}

export function t(key: Key, params?: Record<string, string | number>): string {
  const entry = S[key] as readonly [string, string] | undefined;
  let s = entry ? entry[current === 'ar' ? 1 : 0] : key;
  if (params) {
    for (const [k, v] of Object.entries(params)) s = s.split(`{${k}}`).join(typeof v === 'number' ? fmtNumber(v) : v);
  }
  return s;
}

/** The string in both languages, for bilingual print layouts. */
export function both(key: Key, params?: Record<string, string | number>): { en: string; ar: string } {
  const entry = S[key] as readonly [string, string];
  const fill = (s: string) => {
    if (params) for (const [k, v] of Object.entries(params)) s = s.split(`{${k}}`).join(String(v));
    return s;
  };
  return { en: fill(entry[0]), ar: fill(entry[1]) };
}

/** Translate a key built at run time (status, severity…), falling back to the raw value. */
export function tMaybe(key: string, fallback?: string): string {
  return key in S ? t(key as Key) : (fallback ?? key);
}

export function locale(): string {
  if (current === 'ar') return arabicDigits ? 'ar-EG' : 'ar-EG-u-nu-latn';
  return 'en-GB';
}

export function fmtNumber(n: number, opts?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale(), opts).format(n);
}
export function fmtPercent(n: number): string {
  // Accepts 0..1 fractions or 0..100 percentages.
  const frac = n > 1 ? n / 100 : n;
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(frac);
}
export function fmtDate(iso: string | undefined | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'short', day: 'numeric', timeZone: iso.length <= 10 ? 'UTC' : undefined }).format(d);
}
export function fmtDateTime(iso: string | undefined | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d);
}
export function fmtDateIn(l: Lang, iso: string | undefined | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return new Intl.DateTimeFormat(l === 'ar' ? 'ar-EG-u-nu-latn' : 'en-GB', { year: 'numeric', month: 'long', day: 'numeric' }).format(d);
}
