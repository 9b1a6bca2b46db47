//! The cloud services the seeded resources belong to, as BSS's resource queries name them:
//! service and resource type codes (Huawei's where the SDK documentation gives them, e.g.
//! `hws.service.type.obs`, `hws.resource.type.vm`) and the specs each service is sold in.
//! Names are English whatever `X-Language` says; specs are demo data.

/// One service, keyed by the emulator's short name (`resources.service_type`).
pub(crate) struct Service {
    pub short_name: &'static str,
    pub service_type_code: &'static str,
    pub service_type_name: &'static str,
    pub resource_type_code: &'static str,
    pub resource_type_name: &'static str,
    /// Whether its resources live in an availability zone (OBS buckets are regional).
    pub zonal: bool,
    pub specs: &'static [Spec],
}

pub(crate) struct Spec {
    pub code: &'static str,
    pub description: &'static str,
    /// The linear size (GB) of capacity-priced resources such as disks.
    pub size_gb: Option<f64>,
}

impl Spec {
    /// BSS's `resource_info` of a capacity-priced resource, e.g. `{"specSize":40.0}`.
    pub fn resource_info(&self) -> Option<String> {
        self.size_gb
            .map(|size| format!(r#"{{"specSize":{size:.1}}}"#))
    }
}

const fn spec(code: &'static str, description: &'static str) -> Spec {
    Spec {
        code,
        description,
        size_gb: None,
    }
}

const fn sized_spec(code: &'static str, description: &'static str, size_gb: f64) -> Spec {
    Spec {
        code,
        description,
        size_gb: Some(size_gb),
    }
}

pub(crate) const SERVICES: &[Service] = &[
    Service {
        short_name: "ECS",
        service_type_code: "hws.service.type.ec2",
        service_type_name: "Elastic Cloud Server",
        resource_type_code: "hws.resource.type.vm",
        resource_type_name: "ECS",
        zonal: true,
        specs: &[
            spec(
                "s6.small.1.linux",
                "General computing|s6.small.1|1vCPUs|1GB|linux",
            ),
            spec(
                "c6.large.2.linux",
                "General computing-plus|c6.large.2|2vCPUs|4GB|linux",
            ),
            spec(
                "m6.xlarge.8.win",
                "Memory-optimized|m6.xlarge.8|4vCPUs|32GB|windows",
            ),
        ],
    },
    Service {
        short_name: "EVS",
        service_type_code: "hws.service.type.ebs",
        service_type_name: "Elastic Volume Service",
        resource_type_code: "hws.resource.type.volume",
        resource_type_name: "Disk",
        zonal: true,
        specs: &[
            sized_spec("SAS", "High I/O|40.0GB", 40.0),
            sized_spec("SSD", "Ultra-high I/O|100.0GB", 100.0),
        ],
    },
    Service {
        short_name: "OBS",
        service_type_code: "hws.service.type.obs",
        service_type_name: "Object Storage Service",
        resource_type_code: "hws.resource.type.obs",
        resource_type_name: "Standard storage",
        zonal: false,
        specs: &[spec("obs.standard", "Standard storage|single-AZ")],
    },
    Service {
        short_name: "RDS",
        service_type_code: "hws.service.type.rds",
        service_type_name: "Relational Database Service",
        resource_type_code: "hws.resource.type.rds.vm",
        resource_type_name: "DB instance",
        zonal: true,
        specs: &[
            spec(
                "rds.mysql.n1.large.2",
                "MySQL|rds.mysql.n1.large.2|2vCPUs|4GB",
            ),
            spec(
                "rds.pg.n1.xlarge.4.ha",
                "PostgreSQL|rds.pg.n1.xlarge.4.ha|4vCPUs|16GB|primary/standby",
            ),
        ],
    },
    Service {
        short_name: "ELB",
        service_type_code: "hws.service.type.elb",
        service_type_name: "Elastic Load Balance",
        resource_type_code: "hws.resource.type.elb",
        resource_type_name: "Load balancer",
        zonal: false,
        specs: &[spec("elbv3.basic.1az", "Dedicated|basic|1 AZ")],
    },
    Service {
        short_name: "DCS",
        service_type_code: "hws.service.type.dcs",
        service_type_name: "Distributed Cache Service",
        resource_type_code: "hws.resource.type.dcs",
        resource_type_name: "Cache instance",
        zonal: true,
        specs: &[spec(
            "redis.ha.xu1.large.r2.2",
            "Redis 6.0|master/standby|2GB",
        )],
    },
    Service {
        short_name: "CCE",
        service_type_code: "hws.service.type.cce",
        service_type_name: "Cloud Container Engine",
        resource_type_code: "hws.resource.type.cce.cluster",
        resource_type_name: "Cluster",
        zonal: true,
        specs: &[spec("cce.s1.small", "CCE standard cluster|50 nodes")],
    },
];

/// The service of a short name (`ECS`).
pub(crate) fn service(short_name: &str) -> Option<&'static Service> {
    SERVICES
        .iter()
        .find(|service| service.short_name == short_name)
}

/// The service of a BSS service type code (`hws.service.type.ec2`).
pub(crate) fn service_by_code(code: &str) -> Option<&'static Service> {
    SERVICES
        .iter()
        .find(|service| service.service_type_code == code)
}

impl Service {
    pub fn spec(&self, code: &str) -> Option<&'static Spec> {
        self.specs.iter().find(|spec| spec.code == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seeded_service_has_codes_and_specs() {
        for (short_name, _, _) in super::super::seed::SERVICES {
            let service = service(short_name).expect("seeded services are in the catalogue");
            assert!(!service.specs.is_empty());
            assert_eq!(
                service_by_code(service.service_type_code).map(|s| s.short_name),
                Some(*short_name)
            );
        }
        assert_eq!(
            service("EVS").unwrap().specs[0].resource_info().as_deref(),
            Some(r#"{"specSize":40.0}"#)
        );
    }
}
