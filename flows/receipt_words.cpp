#include "flows/receipt_words.hpp"

namespace kiosk::flows {
namespace {

constexpr ReceiptWords kEnglish{
    .purchase = "CRYPTO PURCHASE",
    .sale = "CRYPTO SALE",
    .redeem_code_slip = "REDEEM CODE",
    .redeem = "REDEEM",
    .date_utc = "Date (UTC)",
    .transaction = "Transaction",
    .asset = "Asset",
    .cash_inserted = "Cash inserted",
    .fee = "Fee",
    .rate = "Rate",
    .you_receive = "You receive",
    .to_address = "To address",
    .order = "Order",
    .amount = "Amount",
    .cash_delivered = "Cash delivered",
    .not_delivered = "Not delivered",
    .you_sent = "You sent",
    .send = "Send",
    .redeem_code = "Redeem code",
    .pay_before = "Pay before",
    .note_unresolved =
        "A note of {kzt} was not confirmed by the validator. The operator will "
        "settle it: quote the transaction number.",
    .device_fault = "The session ended on a device fault; the cash above is yours.",
    .offline = "The kiosk is offline: the crypto will be sent when it reconnects.",
    .sent_soon = "The crypto is sent by the exchange within minutes.",
    .partial =
        "The dispenser delivered less than the amount. The difference of {kzt} is "
        "recorded and reported; the operator will pay it. Keep this receipt and quote the "
        "order number.",
    .unknown_payout =
        "The dispenser did not confirm how much cash it delivered. The operator "
        "will settle this order: keep this receipt and quote the order number.",
    .redeem_how =
        "No cash was dispensed. When your deposit is confirmed, scan this code at the "
        "kiosk (Redeem) to collect the cash. The code pays out once.",
    .order_expired = "The order expired. Contact the operator with this code.",
};

constexpr ReceiptWords kRussian{
    .purchase = "ПОКУПКА КРИПТОВАЛЮТЫ",
    .sale = "ПРОДАЖА КРИПТОВАЛЮТЫ",
    .redeem_code_slip = "КОД ПОЛУЧЕНИЯ",
    .redeem = "ВЫДАЧА ПО КОДУ",
    .date_utc = "Дата (UTC)",
    .transaction = "Транзакция",
    .asset = "Актив",
    .cash_inserted = "Внесено наличными",
    .fee = "Комиссия",
    .rate = "Курс",
    .you_receive = "Вы получите",
    .to_address = "На адрес",
    .order = "Заказ",
    .amount = "Сумма",
    .cash_delivered = "Выдано наличными",
    .not_delivered = "Не выдано",
    .you_sent = "Вы отправили",
    .send = "Отправьте",
    .redeem_code = "Код получения",
    .pay_before = "Оплатить до",
    .note_unresolved =
        "Купюра {kzt} не подтверждена купюроприёмником. Оператор урегулирует "
        "это: назовите номер транзакции.",
    .device_fault =
        "Операция завершена из-за неисправности устройства; указанные деньги "
        "ваши.",
    .offline = "Киоск без связи: криптовалюта будет отправлена, когда связь восстановится.",
    .sent_soon = "Биржа отправит криптовалюту в течение нескольких минут.",
    .partial =
        "Диспенсер выдал меньше суммы. Разница {kzt} записана и передана оператору, "
        "он её выплатит. Сохраните чек и назовите номер заказа.",
    .unknown_payout =
        "Диспенсер не подтвердил выданную сумму. Оператор урегулирует этот "
        "заказ: сохраните чек и назовите номер заказа.",
    .redeem_how =
        "Наличные не выданы. Когда ваш перевод подтвердится, покажите этот код "
        "киоску («У меня есть код получения»), чтобы получить наличные. Код "
        "действует один раз.",
    .order_expired = "Срок заказа истёк. Обратитесь к оператору с этим кодом.",
};

constexpr ReceiptWords kKazakh{
    .purchase = "КРИПТОВАЛЮТА САТЫП АЛУ",
    .sale = "КРИПТОВАЛЮТА САТУ",
    .redeem_code_slip = "АЛУ КОДЫ",
    .redeem = "КОД БОЙЫНША ТӨЛЕМ",
    .date_utc = "Күні (UTC)",
    .transaction = "Операция нөмірі",
    .asset = "Актив",
    .cash_inserted = "Салынған қолма-қол ақша",
    .fee = "Комиссия",
    .rate = "Бағам",
    .you_receive = "Сіз аласыз",
    .to_address = "Мекенжай",
    .order = "Тапсырыс",
    .amount = "Сома",
    .cash_delivered = "Берілген қолма-қол ақша",
    .not_delivered = "Берілмеді",
    .you_sent = "Сіз жібердіңіз",
    .send = "Жіберіңіз",
    .redeem_code = "Алу коды",
    .pay_before = "Төлеу мерзімі",
    .note_unresolved =
        "{kzt} банкнотын банкнот қабылдағыш растамады. Оператор мәселені "
        "шешеді: операция нөмірін айтыңыз.",
    .device_fault = "Операция құрылғы ақаулығына байланысты аяқталды; жоғарыдағы ақша сіздікі.",
    .offline = "Киоск желіден тыс: байланыс қалпына келгенде криптовалюта жіберіледі.",
    .sent_soon = "Биржа криптовалютаны бірнеше минут ішінде жібереді.",
    .partial =
        "Диспенсер сомадан аз берді. {kzt} айырмасы тіркеліп, операторға жіберілді, "
        "оны оператор төлейді. Түбіртекті сақтап, тапсырыс нөмірін айтыңыз.",
    .unknown_payout =
        "Диспенсер берілген соманы растамады. Бұл тапсырысты оператор шешеді: "
        "түбіртекті сақтап, тапсырыс нөмірін айтыңыз.",
    .redeem_how =
        "Қолма-қол ақша берілген жоқ. Аударымыңыз расталғанда, ақшаны алу үшін осы "
        "кодты киоскіге көрсетіңіз («Менде алу коды бар»). Код бір рет "
        "жарамды.",
    .order_expired = "Тапсырыстың мерзімі өтті. Осы кодпен операторға хабарласыңыз.",
};

}  // namespace

const ReceiptWords& receipt_words(std::string_view lang) {
  if (lang == "kk") return kKazakh;
  if (lang == "ru") return kRussian;
  return kEnglish;
}

std::string with_kzt(std::string_view text, std::string_view kzt) {
  std::string out;
  constexpr std::string_view kSlot = "{kzt}";
  std::size_t from = 0;
  for (std::size_t at; (at = text.find(kSlot, from)) != std::string_view::npos;
       from = at + kSlot.size()) {
    out.append(text.substr(from, at - from));
    out.append(kzt);
  }
  out.append(text.substr(from));
  return out;
}

}  // namespace kiosk::flows
