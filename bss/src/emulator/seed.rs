//! Deterministic demo data: the same seed always yields the same resellers, customers and
//! resources (ids included), so tests and demos can name them without asking a server.

use chrono::{DateTime, TimeDelta, Utc};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{catalogue, wire_time};
use crate::model::{
    AccountManager, AssociationType, BillingMode, BudgetType, CustomerInfo, CustomerType,
    ExpirePolicy, FreezeType, IndirectPartner, Resource, ResourceStatus, VerifiedStatus,
};

/// How many resellers (indirect partners) are seeded; each has its own customers.
pub const RESELLERS: usize = 4;

/// Days a stopped pay-per-use resource is retained before it is released.
pub const RETENTION_DAYS: i64 = 15;

/// Everything the emulator starts with.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SeedData {
    pub indirect_partners: Vec<IndirectPartner>,
    /// The resellers that hold the permission to restrict their own customers' purchases.
    pub self_managing_resellers: Vec<String>,
    /// The partner's own customers first, then each reseller's.
    pub customers: Vec<SeedCustomer>,
    pub resources: Vec<SeedResource>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SeedCustomer {
    pub info: CustomerInfo,
    pub indirect_partner_id: Option<String>,
    pub freeze_type: Option<FreezeType>,
    pub budget: Option<SeedBudget>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedBudget {
    pub amount_cents: i64,
    pub used_cents: i64,
    pub budget_type: BudgetType,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedResource {
    pub customer_id: String,
    pub resource: Resource,
    /// When it was provisioned (`YYYY-MM-DDThh:mm:ssZ`), between the customer's association
    /// and the seeding.
    pub effective_time: String,
    /// E.g. `ap-southeast-1a`; none for regional services.
    pub availability_zone: Option<String>,
    /// One of its service's specs in the catalogue.
    pub spec_code: String,
    /// Prepaid resources only.
    pub expire_policy: Option<ExpirePolicy>,
}

/// Generates the demo data for `seed`: `direct_customers` customers of the partner itself plus
/// [`RESELLERS`] resellers with 6 to 12 customers each. Dates are spread over the three years
/// before `now`; ids and names depend on the seed and the counts only.
pub fn generate(seed: u64, direct_customers: usize, now: DateTime<Utc>) -> SeedData {
    chunks(seed, direct_customers, now).fold(SeedData::default(), |mut all, chunk| {
        all.indirect_partners.extend(chunk.indirect_partners);
        all.self_managing_resellers
            .extend(chunk.self_managing_resellers);
        all.customers.extend(chunk.customers);
        all.resources.extend(chunk.resources);
        all
    })
}

/// One more customer of the partner (or of reseller `indirect_partner_id`), associated at
/// `now`: what a new association adds while the emulator runs. `seed` picks its id and data.
pub fn associated_customer(
    seed: u64,
    indirect_partner_id: Option<&str>,
    now: DateTime<Utc>,
) -> SeedData {
    let mut generator = Generator {
        rng: ChaCha8Rng::seed_from_u64(seed),
        now,
        data: SeedData::default(),
    };
    let reseller = indirect_partner_id.map(|id| IndirectPartner {
        indirect_partner_id: id.to_owned(),
        ..IndirectPartner::default()
    });
    generator.customer(reseller.as_ref());
    for customer in &mut generator.data.customers {
        customer.info.associated_on = Some(wire_time(now));
    }
    generator.data
}

/// Customers per chunk of [`chunks`].
pub const CHUNK_CUSTOMERS: usize = 1_000;

/// [`generate`]'s data in the same order, [`CHUNK_CUSTOMERS`] of the partner's customers at a
/// time and the resellers with theirs last. Seeding from chunks never holds 100,000
/// customers in memory at once (the allocator keeps such a peak as resident memory).
pub fn chunks(seed: u64, direct_customers: usize, now: DateTime<Utc>) -> SeedChunks {
    SeedChunks {
        generator: Generator {
            rng: ChaCha8Rng::seed_from_u64(seed),
            now,
            data: SeedData::default(),
        },
        direct_left: direct_customers,
        resellers_done: false,
    }
}

pub struct SeedChunks {
    generator: Generator,
    direct_left: usize,
    resellers_done: bool,
}

impl Iterator for SeedChunks {
    type Item = SeedData;

    fn next(&mut self) -> Option<SeedData> {
        let generator = &mut self.generator;
        if self.direct_left > 0 {
            let count = self.direct_left.min(CHUNK_CUSTOMERS);
            for _ in 0..count {
                generator.customer(None);
            }
            self.direct_left -= count;
        } else if !self.resellers_done {
            self.resellers_done = true;
            for position in 0..RESELLERS {
                // The second reseller has a Chinese name, so every seed's demo has one.
                let reseller = generator.indirect_partner(position == 1);
                for _ in 0..generator.rng.gen_range(6..=12) {
                    generator.customer(Some(&reseller));
                }
            }
            // One reseller holds the permission to restrict its own customers: the one
            // listed last by account name, so lists that open on the first reseller open on
            // one the distributor restricts. Chosen without the random stream, so the rest
            // of the seed stays as it was.
            let last = generator
                .data
                .indirect_partners
                .iter()
                .max_by(|a, b| a.account_name.cmp(&b.account_name))
                .map(|reseller| reseller.indirect_partner_id.clone());
            generator.data.self_managing_resellers.extend(last);
        } else {
            return None;
        }
        Some(std::mem::take(&mut generator.data))
    }
}

const COMPANY_NAMES: &[&str] = &[
    "Northwind",
    "Bluepeak",
    "Harbourline",
    "Crescent",
    "Evergreen",
    "Silverleaf",
    "Ironbridge",
    "Lumen",
    "Redwood",
    "Tidewater",
    "Summit",
    "Orchid",
    "Granite",
    "Meridian",
    "Sunbird",
    "Copperfield",
    "Atlas",
    "Kestrel",
    "Riverstone",
    "Nimbus",
    "Jadestone",
    "Coral Bay",
];
const COMPANY_SECTORS: &[&str] = &[
    "Logistics",
    "Digital",
    "Foods",
    "Health",
    "Analytics",
    "Retail",
    "Media",
    "Energy",
    "Games",
    "Education",
    "Fintech",
    "Travel",
    "Robotics",
    "Pharma",
    "Studios",
    "Motors",
];
const COMPANY_SUFFIXES: &[&str] = &[
    "Ltd.",
    "Pte. Ltd.",
    "Co., Ltd.",
    "S.A.",
    "GmbH",
    "Inc.",
    "LLC",
    "Sdn. Bhd.",
    "PT",
];
const FIRST_NAMES: &[&str] = &[
    "Amelia", "Wei", "Carlos", "Siti", "Liam", "Priya", "Mateo", "Yuki", "Fatima", "Noah", "Chen",
    "Ananya", "Lucas", "Nurul", "Omar", "Isabela", "Tanawat", "Zanele", "Emre", "Sofia",
];
const LAST_NAMES: &[&str] = &[
    "Tan",
    "Garcia",
    "Nguyen",
    "Wang",
    "Okafor",
    "Silva",
    "Rahman",
    "Kumar",
    "Lim",
    "Haddad",
    "Santos",
    "Yilmaz",
    "Mokoena",
    "Schmidt",
    "Chua",
    "Hernandez",
    "Suzuki",
    "Abdullah",
];
/// Chinese names, each with its pinyin for the ASCII account names and e-mail addresses
/// BSS requires. A company is city + brand + sector + 有限公司 (limited company).
const CHINESE_CITIES: &[(&str, &str)] = &[
    ("成都", "chengdu"),
    ("深圳", "shenzhen"),
    ("上海", "shanghai"),
    ("北京", "beijing"),
    ("杭州", "hangzhou"),
    ("广州", "guangzhou"),
    ("南京", "nanjing"),
    ("武汉", "wuhan"),
    ("西安", "xian"),
    ("重庆", "chongqing"),
    ("苏州", "suzhou"),
    ("厦门", "xiamen"),
];
const CHINESE_BRANDS: &[(&str, &str)] = &[
    ("华信", "huaxin"),
    ("云启", "yunqi"),
    ("天合", "tianhe"),
    ("瑞丰", "ruifeng"),
    ("博远", "boyuan"),
    ("星河", "xinghe"),
    ("金桥", "jinqiao"),
    ("宏达", "hongda"),
    ("恒通", "hengtong"),
    ("新元", "xinyuan"),
    ("嘉禾", "jiahe"),
    ("明德", "mingde"),
];
const CHINESE_SECTORS: &[&str] = &[
    "电子商务",
    "科技",
    "物流",
    "医药",
    "教育科技",
    "文化传媒",
    "新能源",
    "网络",
    "信息技术",
    "游戏",
    "食品",
    "金融服务",
];
const CHINESE_SURNAMES: &[(&str, &str)] = &[
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("黄", "huang"),
    ("赵", "zhao"),
    ("周", "zhou"),
    ("吴", "wu"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("马", "ma"),
    ("林", "lin"),
];
const CHINESE_GIVEN_NAMES: &[(&str, &str)] = &[
    ("伟", "wei"),
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("磊", "lei"),
    ("婷", "ting"),
    ("强", "qiang"),
    ("秀英", "xiuying"),
    ("建华", "jianhua"),
    ("志明", "zhiming"),
    ("丽娟", "lijuan"),
    ("海燕", "haiyan"),
    ("俊杰", "junjie"),
];
const LABELS: &[&str] = &[
    "key-account",
    "education",
    "gaming",
    "retail",
    "fintech",
    "startup",
    "government",
    "healthcare",
    "media",
    "manufacturing",
    "trial",
];
const ACCOUNT_MANAGERS: &[&str] = &[
    "grace.lee",
    "daniel.wong",
    "maria.costa",
    "arjun.mehta",
    "helen.zhou",
    "kofi.mensah",
];
/// Country code and international dialling prefix.
const COUNTRIES: &[(&str, &str)] = &[
    ("SG", "+65"),
    ("TH", "+66"),
    ("MY", "+60"),
    ("ID", "+62"),
    ("PH", "+63"),
    ("AE", "+971"),
    ("SA", "+966"),
    ("ZA", "+27"),
    ("BR", "+55"),
    ("MX", "+52"),
    ("CL", "+56"),
    ("TR", "+90"),
    ("DE", "+49"),
    ("HK", "+852"),
];
const REGIONS: &[&str] = &[
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "af-south-1",
    "sa-brazil-1",
    "la-north-2",
    "la-south-2",
    "me-east-1",
    "tr-west-1",
    "eu-west-101",
];
/// Service, the billing modes it is sold with, and resource name stems.
pub(crate) const SERVICES: &[(&str, &[BillingMode], &[&str])] = &[
    (
        "ECS",
        &[BillingMode::OnDemand, BillingMode::Prepaid],
        &["web", "api", "worker", "batch", "bastion"],
    ),
    (
        "EVS",
        &[BillingMode::OnDemand, BillingMode::Prepaid],
        &["data", "logs", "backup"],
    ),
    (
        "OBS",
        &[BillingMode::OnDemand],
        &["assets", "archive", "media"],
    ),
    (
        "RDS",
        &[BillingMode::OnDemand, BillingMode::Prepaid],
        &["orders", "users", "billing"],
    ),
    ("ELB", &[BillingMode::OnDemand], &["public", "internal"]),
    ("DCS", &[BillingMode::Prepaid], &["cache", "session"]),
    (
        "CCE",
        &[BillingMode::OnDemand, BillingMode::Prepaid],
        &["prod", "staging"],
    ),
];
const BUDGETS_USD: &[i64] = &[300, 500, 1_000, 2_000, 5_000, 10_000, 25_000];

/// A generator of its own for what is drawn about the thing with hex id `id`, keyed by it.
fn generator_of(id: &str) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(u64::from_str_radix(&id[..16], 16).expect("hex ids are hex"))
}

fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[T]) -> T {
    *items.choose(rng).expect("vocabularies are not empty")
}

struct Generator {
    rng: ChaCha8Rng,
    now: DateTime<Utc>,
    data: SeedData,
}

impl Generator {
    /// 32 lower-case hex characters, like BSS account ids.
    fn hex_id(&mut self) -> String {
        format!("{:032x}", self.rng.gen::<u128>())
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        pick(&mut self.rng, items)
    }

    /// A time within the last three years.
    fn past_time(&mut self) -> DateTime<Utc> {
        self.now - TimeDelta::seconds(self.rng.gen_range(0..3 * 365 * 86_400))
    }

    fn days_from_now(&mut self, days: std::ops::RangeInclusive<i64>) -> String {
        let seconds = self
            .rng
            .gen_range(days.start() * 86_400..=days.end() * 86_400);
        wire_time(self.now + TimeDelta::seconds(seconds))
    }

    /// A company's name and the slug its account name and e-mail are made of: Chinese,
    /// drawn from `chinese`, when given. The English words are drawn either way, so that
    /// everything drawn after them is the same whichever the name.
    fn company_name(&mut self, chinese: Option<&mut ChaCha8Rng>) -> (String, String) {
        let (name, sector, suffix) = (
            self.pick(COMPANY_NAMES),
            self.pick(COMPANY_SECTORS),
            self.pick(COMPANY_SUFFIXES),
        );
        match chinese {
            Some(rng) => {
                let (city, city_pinyin) = pick(rng, CHINESE_CITIES);
                let (brand, brand_pinyin) = pick(rng, CHINESE_BRANDS);
                let sector = pick(rng, CHINESE_SECTORS);
                (
                    format!("{city}{brand}{sector}有限公司"),
                    format!("{city_pinyin}{brand_pinyin}"),
                )
            }
            None => (
                format!("{name} {sector} {suffix}"),
                format!("{name}{sector}").replace(' ', "").to_lowercase(),
            ),
        }
    }

    /// A person's name and their handle (`first.last`, in pinyin for a Chinese name), as
    /// [`Self::company_name`] draws them.
    fn person_name(&mut self, chinese: Option<&mut ChaCha8Rng>) -> (String, String) {
        let (first, last) = (self.pick(FIRST_NAMES), self.pick(LAST_NAMES));
        match chinese {
            // The surname comes first in Chinese, and in the handle too.
            Some(rng) => {
                let (surname, surname_pinyin) = pick(rng, CHINESE_SURNAMES);
                let (given, given_pinyin) = pick(rng, CHINESE_GIVEN_NAMES);
                (
                    format!("{surname}{given}"),
                    format!("{surname_pinyin}.{given_pinyin}"),
                )
            }
            None => (
                format!("{first} {last}"),
                format!("{}.{}", first.to_lowercase(), last.to_lowercase()),
            ),
        }
    }

    fn phone(&mut self, dialling_prefix: &str) -> String {
        format!(
            "{dialling_prefix}-{}",
            self.rng.gen_range(60_000_000..99_999_999)
        )
    }

    fn indirect_partner(&mut self, chinese: bool) -> IndirectPartner {
        let indirect_partner_id = self.hex_id();
        let mut words = generator_of(&indirect_partner_id);
        let (name, slug) = self.company_name(chinese.then_some(&mut words));
        let (_, dialling_prefix) = self.pick(COUNTRIES);
        let manager = self.pick(ACCOUNT_MANAGERS);
        let partner = IndirectPartner {
            indirect_partner_id,
            account_name: Some(format!("{slug}_reseller")),
            name: Some(name),
            mobile_phone: Some(self.phone(dialling_prefix)),
            email: Some(format!("partners@{slug}.example.com")),
            associated_on: Some(wire_time(self.past_time())),
            account_manager_id: Some(self.hex_id()),
            account_manager_name: Some(manager.to_owned()),
        };
        self.data.indirect_partners.push(partner.clone());
        partner
    }

    fn customer(&mut self, reseller: Option<&IndirectPartner>) {
        let customer_id = self.hex_id();
        // About one customer in four has a Chinese name; the choice and the words come from
        // the id's own generator, so the English-named keep their names.
        let mut words = generator_of(&customer_id);
        let chinese = words.gen_ratio(1, 4).then_some(&mut words);
        // Resellers only sell on the reseller model; the partner has some referrals too.
        let association_type = if reseller.is_some() || self.rng.gen_bool(0.75) {
            AssociationType::Reseller
        } else {
            AssociationType::Referral
        };
        let customer_type = self.pick(&[
            CustomerType::Enterprise,
            CustomerType::Enterprise,
            CustomerType::Enterprise,
            CustomerType::Individual,
            CustomerType::Individual,
            CustomerType::Unspecified,
        ]);
        let (country_code, dialling_prefix) = self.pick(COUNTRIES);
        let (name, account_name, email) = if customer_type == CustomerType::Individual {
            let (name, handle) = self.person_name(chinese);
            let number = self.rng.gen_range(1..100);
            (
                name,
                format!("{}{number:02}", handle.replace('.', "_")),
                format!("{handle}@example.com"),
            )
        } else {
            let (name, slug) = self.company_name(chinese);
            let number = self.rng.gen_range(1..100);
            (
                name,
                format!("{slug}{number:02}"),
                format!("billing@{slug}.example.com"),
            )
        };
        let verified_status = self.pick(&[
            VerifiedStatus::Verified,
            VerifiedStatus::Verified,
            VerifiedStatus::Verified,
            VerifiedStatus::Verified,
            VerifiedStatus::Verified,
            VerifiedStatus::Verified,
            VerifiedStatus::UnderReview,
            VerifiedStatus::NotVerified,
            VerifiedStatus::Rejected,
            VerifiedStatus::Failed,
        ]);
        let level = self.pick(&[
            "V0", "V1", "V1", "V1", "V2", "V2", "V2", "V3", "V3", "V4", "V5",
        ]);
        let label = self.rng.gen_bool(0.6).then(|| self.pick(LABELS).to_owned());
        let account_managers = if self.rng.gen_bool(0.7) {
            vec![AccountManager {
                account_name: self.pick(ACCOUNT_MANAGERS).to_owned(),
            }]
        } else {
            Vec::new()
        };
        let associated = self.past_time();
        let associated_on = wire_time(associated);
        let telephone = self.phone(dialling_prefix);

        // Reseller-model customers start frozen when associated; most have since been
        // released, a realistic minority is still frozen at either level.
        let freeze_roll: f64 = self.rng.gen();
        let freeze_type = match (association_type, freeze_roll) {
            (AssociationType::Reseller, roll) if roll < 0.06 => {
                Some(FreezeType::AccountAndResource)
            }
            (AssociationType::Reseller, roll) if roll < 0.18 => Some(FreezeType::Account),
            _ => None,
        };
        let budget = (association_type == AssociationType::Reseller && self.rng.gen_bool(0.85))
            .then(|| {
                let amount_cents = self.pick(BUDGETS_USD) * 100;
                SeedBudget {
                    amount_cents,
                    used_cents: (amount_cents as f64 * self.rng.gen_range(0.0..1.05)) as i64,
                    budget_type: if self.rng.gen_bool(0.9) {
                        BudgetType::Monthly
                    } else {
                        BudgetType::Package
                    },
                }
            });

        for _ in 0..self.rng.gen_range(0..=5) {
            self.resource(&customer_id, freeze_type, associated);
        }
        self.data.customers.push(SeedCustomer {
            info: CustomerInfo {
                customer: Some(name),
                account_name: Some(account_name),
                customer_id,
                associated_on: Some(associated_on),
                association_type: Some(association_type),
                label,
                telephone: Some(telephone),
                verified_status: Some(verified_status),
                country_code: Some(country_code.to_owned()),
                customer_type: Some(customer_type),
                is_frozen: freeze_type.is_some(),
                account_managers,
                xaccount_id: None,
                xaccount_type: None,
                customer_level: Some(level.to_owned()),
                email: Some(email),
            },
            indirect_partner_id: reseller.map(|partner| partner.indirect_partner_id.clone()),
            freeze_type,
            budget,
        });
    }

    fn resource(
        &mut self,
        customer_id: &str,
        freeze_type: Option<FreezeType>,
        associated: DateTime<Utc>,
    ) {
        let (service_type, billing_modes, stems) = self.pick(SERVICES);
        let billing_mode = self.pick(billing_modes);
        let id = self.hex_id();
        let name = format!(
            "{}-{}-{:02}",
            service_type.to_lowercase(),
            self.pick(stems),
            self.rng.gen_range(1..20)
        );
        let region = self.pick(REGIONS).to_owned();
        let stopped = billing_mode == BillingMode::OnDemand
            && freeze_type == Some(FreezeType::AccountAndResource);
        let resource = Resource {
            // Resource ids look like UUIDs, as in the console.
            id: format!(
                "{}-{}-{}-{}-{}",
                &id[..8],
                &id[8..12],
                &id[12..16],
                &id[16..20],
                &id[20..]
            ),
            name,
            service_type: service_type.to_owned(),
            region,
            billing_mode,
            status: if stopped {
                ResourceStatus::Stopped
            } else {
                ResourceStatus::Running
            },
            expire_time: (billing_mode == BillingMode::Prepaid)
                .then(|| self.days_from_now(10..=400)),
            release_time: stopped.then(|| self.days_from_now(1..=RETENTION_DAYS)),
        };
        // The details come from a generator of their own, so that the main one (and with it
        // every id and name) is what it was before they existed.
        let mut details = generator_of(&id);
        let service = catalogue::service(service_type).expect("seeded services are catalogued");
        let provisioned_for = (self.now - associated).num_seconds().max(1);
        let effective_time =
            wire_time(self.now - TimeDelta::seconds(details.gen_range(0..provisioned_for)));
        let availability_zone = service.zonal.then(|| {
            format!(
                "{}{}",
                resource.region,
                ['a', 'b', 'c'][details.gen_range(0..3)]
            )
        });
        let spec_code = service.specs[details.gen_range(0..service.specs.len())]
            .code
            .to_owned();
        let expire_policy = (billing_mode == BillingMode::Prepaid).then(|| {
            *[
                ExpirePolicy::AutoRenew,
                ExpirePolicy::AutoRenew,
                ExpirePolicy::GracePeriod,
                ExpirePolicy::Freeze,
                ExpirePolicy::ToPayPerUse,
            ]
            .choose(&mut details)
            .expect("not empty")
        });
        self.data.resources.push(SeedResource {
            customer_id: customer_id.to_owned(),
            resource,
            effective_time,
            availability_zone,
            spec_code,
            expire_policy,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_ids_whatever_the_clock() {
        let earlier = generate(7, 30, DateTime::from_timestamp(1_600_000_000, 0).unwrap());
        let later = generate(7, 30, DateTime::from_timestamp(1_700_000_000, 0).unwrap());
        let ids = |data: &SeedData| -> Vec<String> {
            data.customers
                .iter()
                .map(|customer| customer.info.customer_id.clone())
                .collect()
        };
        assert_eq!(ids(&earlier), ids(&later));
        assert_ne!(ids(&earlier), ids(&generate(8, 30, Utc::now())));
    }

    #[test]
    fn chunks_are_bounded_and_resellers_come_last_with_their_customers() {
        let chunks: Vec<SeedData> = chunks(3, 2 * CHUNK_CUSTOMERS + 5, Utc::now()).collect();
        let sizes: Vec<usize> = chunks.iter().map(|chunk| chunk.customers.len()).collect();
        assert_eq!(sizes[..3], [CHUNK_CUSTOMERS, CHUNK_CUSTOMERS, 5]);
        let last = chunks.last().unwrap();
        assert_eq!((chunks.len(), last.indirect_partners.len()), (4, RESELLERS));
        assert!(last
            .customers
            .iter()
            .all(|customer| customer.indirect_partner_id.is_some()));
    }

    #[test]
    fn the_data_has_the_variety_the_demo_needs() {
        let data = generate(1, 120, Utc::now());
        assert_eq!(data.indirect_partners.len(), RESELLERS);
        let direct: Vec<_> = data
            .customers
            .iter()
            .filter(|customer| customer.indirect_partner_id.is_none())
            .collect();
        assert_eq!(direct.len(), 120);
        assert!(data.customers.len() >= 120 + 6 * RESELLERS);
        for customer in &data.customers {
            let id = &customer.info.customer_id;
            assert_eq!(id.len(), 32);
            assert!(id
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        }
        let count = |predicate: &dyn Fn(&SeedCustomer) -> bool| {
            data.customers.iter().filter(|c| predicate(c)).count()
        };
        assert!(count(&|c| c.info.association_type == Some(AssociationType::Referral)) > 10);
        assert!(count(&|c| c.freeze_type == Some(FreezeType::Account)) > 3);
        assert!(count(&|c| c.freeze_type == Some(FreezeType::AccountAndResource)) > 1);
        assert!(count(&|c| c.freeze_type.is_some()) < data.customers.len() / 3);
        assert!(
            count(
                &|c| c.info.association_type == Some(AssociationType::Referral)
                    && c.freeze_type.is_some()
            ) == 0
        );
        let modes: std::collections::HashSet<_> = data
            .resources
            .iter()
            .map(|r| r.resource.billing_mode)
            .collect();
        assert_eq!(modes.len(), 2);
    }

    #[test]
    fn about_a_quarter_of_customers_and_a_reseller_have_chinese_names_with_ascii_accounts() {
        let data = generate(1, 400, Utc::now());
        let chinese: Vec<&CustomerInfo> = data
            .customers
            .iter()
            .map(|customer| &customer.info)
            .filter(|info| !info.customer.as_deref().unwrap().is_ascii())
            .collect();
        let share = chinese.len() as f64 / data.customers.len() as f64;
        assert!((0.18..0.32).contains(&share), "{share}");
        for info in &chinese {
            let name = info.customer.as_deref().unwrap();
            let characters = name.chars().count();
            match info.customer_type {
                Some(CustomerType::Individual) => assert!((2..=3).contains(&characters), "{name}"),
                _ => assert!(name.ends_with("有限公司") && characters >= 8, "{name}"),
            }
        }
        assert!(data.customers.iter().all(|customer| {
            let info = &customer.info;
            info.account_name.as_deref().unwrap().is_ascii()
                && info.email.as_deref().unwrap().is_ascii()
        }));

        let names: Vec<&str> = data
            .indirect_partners
            .iter()
            .map(|reseller| reseller.name.as_deref().unwrap())
            .collect();
        assert_eq!(names.iter().filter(|name| !name.is_ascii()).count(), 1);
        assert!(names[1].ends_with("有限公司"), "{names:?}");
        assert!(data.indirect_partners.iter().all(|reseller| reseller
            .account_name
            .as_deref()
            .unwrap()
            .is_ascii()));
    }
}
