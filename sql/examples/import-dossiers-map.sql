-- Example mapping for `dndnctl import-dossiers --map FILE.sql`.
--
-- One SELECT, run on the SOURCE database (the one-stop system), whose
-- column aliases are mod_dndn's field names.  Required: code,
-- procedure_code, status, applicant_name, received_at, due_at,
-- updated_at.  Optional: applicant_phone, applicant_tax_code,
-- finished_at.  Times are RFC 3339 text, or 'YYYY-MM-DD HH:MM:SS' read as
-- Vietnam local time (+07:00).  Status must be one of received,
-- processing, need_supplement, done, result_returned, refused: translate
-- the source's own codes with CASE.
SELECT
    h.ma_ho_so        AS code,
    h.ma_thu_tuc      AS procedure_code,
    CASE h.trang_thai
        WHEN 'MOI'    THEN 'received'
        WHEN 'DANG_XL' THEN 'processing'
        WHEN 'BO_SUNG' THEN 'need_supplement'
        WHEN 'XONG'   THEN 'done'
        WHEN 'DA_TRA' THEN 'result_returned'
        WHEN 'TU_CHOI' THEN 'refused'
        ELSE h.trang_thai
    END               AS status,
    h.ten_nguoi_nop   AS applicant_name,
    h.so_dien_thoai   AS applicant_phone,
    h.ma_so_thue      AS applicant_tax_code,
    h.ngay_tiep_nhan  AS received_at,
    h.han_tra_ket_qua AS due_at,
    h.ngay_tra_ket_qua AS finished_at,
    h.ngay_cap_nhat   AS updated_at
FROM ho_so h
ORDER BY h.ma_ho_so;
