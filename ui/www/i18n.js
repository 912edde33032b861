// Every string the customer screen shows, in Kazakh (Cyrillic), Russian and English.
// The kiosk chooses the language (the "lang" of each screen message); the page only looks up.
//
// Messages from the kiosk ("message", "error", "reason" fields) are a "msg." key below without
// its prefix (e.g. "note_rejected") or an object {"key": "...", "params": {...}}. A key with no
// text here is never shown as is: the customer reads "msg.unknown" (and the console gets a warning).

import { CASH_OUT_STRINGS } from "./i18n_cash_out.js";
import { HELP_STRINGS } from "./i18n_help.js";
import { KYC_STRINGS } from "./i18n_kyc.js";
import { TECHNICIAN_STRINGS } from "./i18n_technician.js";

export const LANGUAGES = ["kk", "ru", "en"];

// Each language names itself.
export const LANGUAGE_NAMES = { kk: "Қазақша", ru: "Русский", en: "English" };

export const STRINGS = {
  en: {
    connecting: "Connecting…",
    "welcome.title": "Welcome",
    "welcome.subtitle": "Choose your language",
    "welcome.what": "What would you like to do?",
    "welcome.buy": "Buy crypto for cash",
    "welcome.price_buy": "You buy at",
    "welcome.price_sell": "You sell at",
    "asset.title": "Choose a cryptocurrency",
    "asset.price": "Price of 1 {symbol}",
    "scan.title": "Scan your wallet",
    "scan.instruction": "Show your wallet QR code to the camera",
    "scan.hint": "Only an address for {name} ({symbol}) is accepted",
    "insert.title": "Insert banknotes",
    "insert.address": "Wallet",
    "insert.inserted": "Inserted",
    "insert.fee": "Fee",
    "insert.crypto": "You receive",
    "insert.max": "Maximum",
    "insert.remaining": "You can still insert",
    "insert.limit_reached": "You have reached your limit: no more banknotes are taken. Press Confirm to buy crypto for {kzt}.",
    "insert.accepted": "Accepted banknotes",
    "insert.escrow": "Checking the banknote…",
    "insert.offline": "The kiosk is offline: your crypto will be sent when the connection returns.",
    "processing.title": "Please wait",
    "done.title": "Thank you!",
    "done.tx": "Transaction",
    "done.fiat": "Paid",
    "done.crypto": "Crypto",
    "done.address": "Wallet",
    "done.sent": "Your crypto is on its way.",
    "done.offline": "Your crypto will be sent when the kiosk reconnects.",
    "done.receipt_printed": "Please take your receipt.",
    "done.receipt_failed": "The receipt could not be printed. Please photograph this screen.",
    "ended.timeout": "Time is up",
    "ended.cancelled": "Cancelled",
    "ended.device_fault": "Device fault",
    "ended.owed": "Amount due to you",
    "ended.owed_hint": "Keep your receipt and contact the operator.",
    "oos.title": "Temporarily out of service",
    "oos.sorry": "We apologise for the inconvenience.",
    "countdown.label": "Time left",
    "countdown.value": "{n} s",
    "action.cancel": "Cancel",
    "action.confirm": "Confirm",
    "action.finish": "Finish",
    "msg.note_rejected": "The banknote was not accepted. Please try another one.",
    "msg.note_returned": "The banknote was returned.",
    "msg.note_over_limit": "The banknote was returned: it would take you over your limit. You can insert up to {kzt} more, in the banknotes listed below.",
    "msg.limit_reached": "The maximum amount has been reached.",
    "msg.rate_changed": "The rate has been updated.",
    "msg.invalid_qr": "This QR code is not a wallet address.",
    "msg.wrong_asset": "This address is for another cryptocurrency or network.",
    "msg.validator_fault": "The banknote acceptor is not working.",
    "msg.validator_unavailable": "The banknote acceptor stopped working: nothing was taken. Please try again later.",
    "asset.buy_unavailable": "Buying crypto is not available right now.",
    "msg.printer_fault": "The receipt printer is not working.",
    "msg.exchange_offline": "No connection to the exchange.",
    "msg.maintenance": "Maintenance in progress.",
    "msg.sending": "Sending your purchase…",
    "msg.printing": "Printing your receipt…",
    "msg.take_notes": "Please take your banknotes.",
    "msg.note_not_accepted": "This banknote is not accepted here.",
    "msg.quote_expired": "The price offer has expired; the banknote was returned.",
    "msg.bad_checksum": "This address has an error (checksum). Please check your wallet.",
    "msg.testnet": "This is a test network address: it cannot receive real coins.",
    "msg.note_unresolved": "A banknote of {kzt} was not confirmed by the acceptor. The operator will settle it: quote transaction {tx}.",
    "oos.being_serviced": "This kiosk is being serviced. It will be back shortly.",
    "oos.reason_operator": "The operator has paused this kiosk for now.",
  },
  ru: {
    connecting: "Подключение…",
    "welcome.title": "Добро пожаловать",
    "welcome.subtitle": "Выберите язык",
    "welcome.what": "Что вы хотите сделать?",
    "welcome.buy": "Купить криптовалюту за наличные",
    "welcome.price_buy": "Покупка",
    "welcome.price_sell": "Продажа",
    "asset.title": "Выберите криптовалюту",
    "asset.price": "Цена 1 {symbol}",
    "scan.title": "Сканируйте кошелёк",
    "scan.instruction": "Покажите QR-код вашего кошелька камере",
    "scan.hint": "Принимается только адрес {name} ({symbol})",
    "insert.title": "Вставьте купюры",
    "insert.address": "Кошелёк",
    "insert.inserted": "Внесено",
    "insert.fee": "Комиссия",
    "insert.crypto": "Вы получите",
    "insert.max": "Максимум",
    "insert.remaining": "Можно ещё внести",
    "insert.limit_reached": "Вы достигли лимита: купюры больше не принимаются. Нажмите «Подтвердить», чтобы купить криптовалюту на {kzt}.",
    "insert.accepted": "Принимаемые купюры",
    "insert.escrow": "Проверка купюры…",
    "insert.offline": "Киоск без связи: криптовалюта будет отправлена, когда связь восстановится.",
    "processing.title": "Пожалуйста, подождите",
    "done.title": "Спасибо!",
    "done.tx": "Транзакция",
    "done.fiat": "Оплачено",
    "done.crypto": "Криптовалюта",
    "done.address": "Кошелёк",
    "done.sent": "Криптовалюта отправляется.",
    "done.offline": "Криптовалюта будет отправлена, когда киоск восстановит связь.",
    "done.receipt_printed": "Пожалуйста, возьмите чек.",
    "done.receipt_failed": "Не удалось напечатать чек. Пожалуйста, сфотографируйте этот экран.",
    "ended.timeout": "Время истекло",
    "ended.cancelled": "Операция отменена",
    "ended.device_fault": "Неисправность устройства",
    "ended.owed": "Сумма к выплате вам",
    "ended.owed_hint": "Сохраните чек и обратитесь к оператору.",
    "oos.title": "Временно не работает",
    "oos.sorry": "Приносим извинения за неудобства.",
    "countdown.label": "Осталось",
    "countdown.value": "{n} с",
    "action.cancel": "Отмена",
    "action.confirm": "Подтвердить",
    "action.finish": "Завершить",
    "msg.note_rejected": "Купюра не принята. Попробуйте другую.",
    "msg.note_returned": "Купюра возвращена.",
    "msg.note_over_limit": "Купюра возвращена: с ней сумма превысит ваш лимит. Можно внести ещё до {kzt} купюрами из списка ниже.",
    "msg.limit_reached": "Достигнута максимальная сумма.",
    "msg.rate_changed": "Курс обновлён.",
    "msg.invalid_qr": "Этот QR-код не является адресом кошелька.",
    "msg.wrong_asset": "Этот адрес для другой криптовалюты или сети.",
    "msg.validator_fault": "Купюроприёмник не работает.",
    "msg.validator_unavailable": "Купюроприёмник перестал работать: деньги не приняты. Попробуйте позже.",
    "asset.buy_unavailable": "Покупка криптовалюты сейчас недоступна.",
    "msg.printer_fault": "Принтер чеков не работает.",
    "msg.exchange_offline": "Нет связи с биржей.",
    "msg.maintenance": "Идёт техническое обслуживание.",
    "msg.sending": "Отправляем вашу покупку…",
    "msg.printing": "Печатаем чек…",
    "msg.take_notes": "Пожалуйста, заберите купюры.",
    "msg.note_not_accepted": "Эта купюра здесь не принимается.",
    "msg.quote_expired": "Срок действия курса истёк, купюра возвращена.",
    "msg.bad_checksum": "В адресе ошибка (контрольная сумма). Проверьте кошелёк.",
    "msg.testnet": "Это адрес тестовой сети: на него нельзя получить настоящие монеты.",
    "msg.note_unresolved": "Купюра {kzt} не подтверждена купюроприёмником. Оператор урегулирует это по номеру транзакции {tx}.",
    "oos.being_serviced": "Киоск на обслуживании. Скоро он снова заработает.",
    "oos.reason_operator": "Оператор временно приостановил работу киоска.",
  },
  kk: {
    connecting: "Қосылуда…",
    "welcome.title": "Қош келдіңіз",
    "welcome.subtitle": "Тілді таңдаңыз",
    "welcome.what": "Не істегіңіз келеді?",
    "welcome.buy": "Қолма-қол ақшаға криптовалюта сатып алу",
    "welcome.price_buy": "Сатып алу бағасы",
    "welcome.price_sell": "Сату бағасы",
    "asset.title": "Криптовалютаны таңдаңыз",
    "asset.price": "1 {symbol} бағасы",
    "scan.title": "Әмиянды сканерлеңіз",
    "scan.instruction": "Әмияныңыздың QR-кодын камераға көрсетіңіз",
    "scan.hint": "Тек {name} ({symbol}) мекенжайы қабылданады",
    "insert.title": "Банкноттарды салыңыз",
    "insert.address": "Әмиян",
    "insert.inserted": "Салынды",
    "insert.fee": "Комиссия",
    "insert.crypto": "Сіз аласыз",
    "insert.max": "Ең көбі",
    "insert.remaining": "Тағы салуға болады",
    "insert.limit_reached": "Сіз лимитке жеттіңіз: банкноттар енді қабылданбайды. {kzt} сомасына криптовалюта сатып алу үшін «Растау» түймесін басыңыз.",
    "insert.accepted": "Қабылданатын банкноттар",
    "insert.escrow": "Банкнот тексерілуде…",
    "insert.offline": "Киоск желіден тыс: байланыс қалпына келгенде криптовалюта жіберіледі.",
    "processing.title": "Күте тұрыңыз",
    "done.title": "Рахмет!",
    "done.tx": "Операция нөмірі",
    "done.fiat": "Төленді",
    "done.crypto": "Сатып алынған криптовалюта",
    "done.address": "Әмиян",
    "done.sent": "Криптовалюта жіберілуде.",
    "done.offline": "Киоск байланысты қалпына келтіргенде криптовалюта жіберіледі.",
    "done.receipt_printed": "Түбіртекті алыңыз.",
    "done.receipt_failed": "Түбіртекті басып шығару мүмкін болмады. Осы экранды суретке түсіріңіз.",
    "ended.timeout": "Уақыт бітті",
    "ended.cancelled": "Операция тоқтатылды",
    "ended.device_fault": "Құрылғы ақаулығы",
    "ended.owed": "Сізге төленетін сома",
    "ended.owed_hint": "Түбіртекті сақтап, операторға хабарласыңыз.",
    "oos.title": "Уақытша жұмыс істемейді",
    "oos.sorry": "Қолайсыздық үшін кешірім сұраймыз.",
    "countdown.label": "Қалды",
    "countdown.value": "{n} с",
    "action.cancel": "Болдырмау",
    "action.confirm": "Растау",
    "action.finish": "Аяқтау",
    "msg.note_rejected": "Банкнот қабылданбады. Басқасын салып көріңіз.",
    "msg.note_returned": "Банкнот қайтарылды.",
    "msg.note_over_limit": "Банкнот қайтарылды: онымен сома лимитіңізден асады. Төмендегі банкноттармен тағы {kzt} дейін салуға болады.",
    "msg.limit_reached": "Ең жоғары сомаға жетті.",
    "msg.rate_changed": "Бағам жаңартылды.",
    "msg.invalid_qr": "Бұл QR-код әмиян мекенжайы емес.",
    "msg.wrong_asset": "Бұл мекенжай басқа криптовалютаға немесе желіге арналған.",
    "msg.validator_fault": "Банкнот қабылдағыш жұмыс істемейді.",
    "msg.validator_unavailable": "Банкнот қабылдағыш жұмыс істемей қалды: ақша алынған жоқ. Кейінірек қайталап көріңіз.",
    "asset.buy_unavailable": "Қазір криптовалюта сатып алу мүмкін емес.",
    "msg.printer_fault": "Түбіртек принтері жұмыс істемейді.",
    "msg.exchange_offline": "Биржамен байланыс жоқ.",
    "msg.maintenance": "Техникалық қызмет көрсетілуде.",
    "msg.sending": "Сатып алған криптовалютаңызды жіберіп жатырмыз…",
    "msg.printing": "Түбіртек басып шығарылуда…",
    "msg.take_notes": "Банкноттарыңызды алыңыз.",
    "msg.note_not_accepted": "Бұл банкнот мұнда қабылданбайды.",
    "msg.quote_expired": "Бағамның мерзімі өтті, банкнот қайтарылды.",
    "msg.bad_checksum": "Мекенжайда қате бар (бақылау сомасы). Әмиянды тексеріңіз.",
    "msg.testnet": "Бұл сынақ желісінің мекенжайы: оған нақты монета түспейді.",
    "msg.note_unresolved": "{kzt} банкнотын банкнот қабылдағыш растамады. Оператор мәселені {tx} транзакция нөмірі бойынша шешеді.",
    "oos.being_serviced": "Киоскіге қызмет көрсетілуде. Жақында қайта жұмыс істейді.",
    "oos.reason_operator": "Оператор киосктің жұмысын уақытша тоқтатты.",
  },
};

for (const code of LANGUAGES) {
  Object.assign(STRINGS[code], CASH_OUT_STRINGS[code], KYC_STRINGS[code], HELP_STRINGS[code],
    TECHNICIAN_STRINGS[code]);
}

// The language amounts are written in: Kazakh and Russian write a decimal comma ("0,0004 BTC").
let numberLang = "ru";
export function setNumberLanguage(lang) {
  numberLang = lang;
}

// "15 000 ₸" never breaks across lines: the spaces inside an amount, and before its tenge sign,
// percent or coin symbol, become non-breaking; in kk and ru an amount's decimal point is a comma.
export function keepTogether(text) {
  let s = String(text)
    .replace(/(\d) (?=\d{3}\b)/g, "$1\u00A0")
    .replace(/ (₸|%)/g, "\u00A0$1")
    .replace(/(\d) (?=[A-Z]{3,5}\b)/g, "$1\u00A0");
  if (numberLang === "kk" || numberLang === "ru")
    s = s.replace(/(\d)\.(\d+)(?=\u00A0?(?:₸|%|[A-Z]{3,5}\b))/g, "$1,$2");
  return s;
}

function fill(template, params) {
  return template.replace(/\{(\w+)\}/g, (whole, name) =>
    params && Object.hasOwn(params, name) ? keepTogether(params[name]) : whole,
  );
}

// The string for `key` in `lang` (English when the language is unknown), with {name}s filled in.
// An unknown key is returned as is, so a missing translation shows up instead of vanishing.
export function t(lang, key, params) {
  const table = STRINGS[lang] || STRINGS.en;
  const template = Object.hasOwn(table, key) ? table[key] : key;
  return fill(template, params);
}

// A kiosk message: a key of the "msg." strings ("note_rejected"), {key, params}, or plain text.
export function message(lang, value) {
  if (value === null || value === undefined || value === "") return "";
  const table = STRINGS[lang] || STRINGS.en;
  const key = "msg." + (typeof value === "object" ? value.key : String(value));
  if (Object.hasOwn(table, key)) return t(lang, key, typeof value === "object" ? value.params : undefined);
  console.warn("no text for message", value);
  return t(lang, "msg.unknown");
}
